/**
 * Where the memory of one signing goes: peak RSS (getrusage maxRSS) of a fresh process after each
 * step of signing the 200-page document of pdfBench — modules loaded (the bare station process),
 * the bounded parser thread's inspection, its pdf.js text boxes of the last page (the default
 * place looks for blank space), the signing itself — side by side with `pdfsig -add-signature`'s
 * peak RSS in the same run. Medians of --rounds fresh processes per step.
 * Usage: node bin/run-ts.mjs bench/signingMemoryBench.ts [--rounds 3]   Writes bench/results/signingMemory.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { closePdfParser, inspectPdf, pageTextBoxesBounded } from '../main/documents/inspectPdf';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdf } from '../main/documents/signPdf';
import { sharedDataPath } from '../main/config/sharedData';
import { readSvc2004File } from '../main/pen/svc2004';
import { makePdfsigNss } from './pdfsigNss';

const mib = () => process.resourceUsage().maxRSS / 1024;
const svc = sharedDataPath('svc2004-task2-dev/Task2/U1S1.TXT');
if (!svc) {
  console.log('signingMemoryBench: skipped: ../shared/data/svc2004-task2-dev is absent');
  process.exit(0);
}

if (process.argv[2] === '--step') {
  // One fresh process: the steps up to the named one, then the peak RSS after each.
  const [, , , step, file, storage] = process.argv;
  const pdf = readFileSync(file);
  const creds = loadOrCreateSealingCredentials(storage, stationConfigSchema.parse({}).documents);
  const record = await readSvc2004File(svc);
  const out: Record<string, number> = { loaded: mib() };
  if (step !== 'loaded') {
    await inspectPdf(pdf);
    out.inspect = mib();
  }
  if (step === 'boxes' || step === 'sign') {
    await pageTextBoxesBounded(pdf, 199);
    out.boxes = mib();
  }
  if (step === 'sign') {
    await signPdf({ pdf, record, signer: { name: 'Bench Signer' }, place: 'Bench', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
    out.sign = mib();
  }
  await closePdfParser();
  console.log(JSON.stringify(out));
  process.exit(0);
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const root = resolve(import.meta.dirname, '..');
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'station-membench-'));
const storage = join(work, 'store');
mkdirSync(storage);
const doc = await PDFDocument.create();
const font = await doc.embedFont(StandardFonts.Helvetica);
for (let p = 0; p < 200; p++) {
  const page = doc.addPage([595, 842]);
  page.drawText(`Account agreement — page ${p + 1} of 200`, { x: 56, y: 780, size: 14, font });
  for (let l = 0; l < 40; l++) page.drawText(`Clause ${p + 1}.${l + 1}: the customer and the bank agree on terms numbered ${p * 40 + l} in this document.`, { x: 56, y: 750 - l * 17, size: 9, font });
}
const file = join(work, 'doc-200.pdf');
writeFileSync(file, await doc.save({ useObjectStreams: false }));
const nssDir = makePdfsigNss(work);

const steps = ['loaded', 'inspect', 'boxes', 'sign'] as const;
const peaks = new Map<string, number[]>(steps.map((s) => [s, []]));
const pdfsig: number[] = [];
for (let round = 0; round < rounds; round++) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run-ts.mjs'), 'bench/signingMemoryBench.ts', '--step', 'sign', file, storage], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr.slice(-400));
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
  for (const s of steps) peaks.get(s)!.push(out[s]);
  const t = spawnSync('/usr/bin/time', ['-f', '%M', 'pdfsig', '-nssdir', nssDir, '-add-signature', '-nick', 'bench', '-new-signature-field-name', `S${round}`, file, join(work, `out-${round}.pdf`)], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(t.stderr.slice(-300));
  pdfsig.push(Number(t.stderr.trim().split('\n').pop()) / 1024);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(steps.map((s) => [s, median(peaks.get(s)!)])) as Record<(typeof steps)[number], number>;
const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
const above = m.sign - m.loaded;
const section = `## Memory of one signing (bench/signingMemoryBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; \`uptime\` at the start: ${uptimeAtStart}; at the end: ${uptimeAtEnd}.
Command: \`node bin/run-ts.mjs bench/signingMemoryBench.ts --rounds ${rounds}\` (${new Date().toISOString().slice(0, 10)}). The 200-page document of pdfBench; each round one fresh process signing it (peak RSS, getrusage maxRSS, after each step) and one \`pdfsig -add-signature\` of the same file (\`/usr/bin/time -f %M\`); medians of ${rounds}.

| step (cumulative) | peak RSS | added by the step |
|---|---:|---:|
| modules loaded (the bare station process: Node, the loader, pdf-lib, crypto) | ${m.loaded.toFixed(1)} MiB | |
| + the bounded parser thread inspects the document (its own V8 isolate, pdf-lib, a copy of the bytes) | ${m.inspect.toFixed(1)} MiB | ${(m.inspect - m.loaded).toFixed(1)} MiB |
| + pdf.js finds the text of the last page in that thread (the default place looks for blank space) | ${m.boxes.toFixed(1)} MiB | ${(m.boxes - m.inspect).toFixed(1)} MiB |
| + the signing itself (placement, ink, font subset, escrow container, CMS, incremental update) | ${m.sign.toFixed(1)} MiB | ${(m.sign - m.boxes).toFixed(1)} MiB |
| **one signing above the bare station process** | | **${above.toFixed(1)} MiB** (${(above / median(pdfsig)).toFixed(1)}× pdfsig's whole process) |
| \`pdfsig -add-signature\` (whole process) | ${median(pdfsig).toFixed(1)} MiB | |

Per round, signing peak (MiB): ${peaks.get('sign')!.map((x) => x.toFixed(1)).join(', ')}; pdfsig: ${pdfsig.map((x) => x.toFixed(1)).join(', ')}.
`;
writeFileSync(resolve(import.meta.dirname, 'results', 'signingMemory.md'), section);
console.log(section);
