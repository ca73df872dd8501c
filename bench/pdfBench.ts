/**
 * Signing speed: milliseconds per signed document for 1-, 20- and 200-page PDFs, side by side in one
 * run with (a) the bare cost of pdf-lib load + save of the same file and (b) poppler's own signer,
 * `pdfsig -add-signature` (adbe.pkcs7.detached: poppler 22.12 refuses -etsi with -add-signature) with an RSA-3072 test certificate in an NSS database made by
 * certutil/pk12util. Peak memory (max RSS) of one signing per tool, measured by /usr/bin/time.
 *
 *   node bin/run-ts.mjs bench/pdfBench.ts        measure, write bench/results/pdf.md
 *   node bin/run-ts.mjs bench/pdfBench.ts --one <in.pdf> <storageDir>   (internal: one signing, for max RSS)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { makeAgreementDocument } from './agreementDocument';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { closePdfParser } from '../main/documents/inspectPdf';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdf } from '../main/documents/signPdf';
import { sharedDataPath } from '../main/config/sharedData';
import { readSvc2004File } from '../main/pen/svc2004';
import { makePdfsigNss } from './pdfsigNss';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const svc = sharedDataPath('svc2004-task2-dev/Task2/U1S1.TXT');
if (!svc) {
  console.log('pdfBench: skipped: ../shared/data/svc2004-task2-dev is absent (see ../shared/README.md)');
  process.exit(0);
}

async function signOnce(pdf: Uint8Array, storage: string) {
  const creds = loadOrCreateSealingCredentials(storage, stationConfigSchema.parse({}).documents);
  const record = await readSvc2004File(svc!);
  return signPdf({ pdf, record, signer: { name: 'Bench Signer' }, place: 'Bench', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
}

if (process.argv[2] === '--noop') process.exit(0); // modules loaded: the baseline of the RSS comparison

if (process.argv[2] === '--one') {
  const r = await signOnce(readFileSync(process.argv[3]), process.argv[4]);
  writeFileSync(process.argv[3] + '.station.pdf', r.pdf);
  await closePdfParser();
  process.exit(0);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function maxRssMiB(cmd: string, args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-400)}`);
  const kib = Number(r.stderr.trim().split('\n').pop());
  return kib / 1024;
}

const work = mkdtempSync(join(tmpdir(), 'station-pdfbench-'));
const storage = join(work, 'store');
const nssDir = makePdfsigNss(work);

await signOnce(await makeAgreementDocument(1), storage); // creates the demo credentials, warms the parser thread
const record = await readSvc2004File(svc);
const creds = loadOrCreateSealingCredentials(storage, stationConfigSchema.parse({}).documents);

interface Row { pages: number; bytes: number; station: number; pdflib: number; pdfsig: number; cpuStation: number; cpuPdflib: number; cpuPdfsig: number; rssStation: number; rssPdfsig: number; rssNode: number }
const rows: Row[] = [];
const rssNode = maxRssMiB(process.execPath, [join(root, 'bin', 'run-ts.mjs'), 'bench/pdfBench.ts', '--noop']);
for (const pages of [1, 20, 200]) {
  const pdf = await makeAgreementDocument(pages);
  const file = join(work, `doc-${pages}.pdf`);
  writeFileSync(file, pdf);
  const rounds = pages === 200 ? 9 : 15;
  const t = { station: [] as number[], pdflib: [] as number[], pdfsig: [] as number[] };
  const cpu = { station: [] as number[], pdflib: [] as number[], pdfsig: [] as number[] };
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  for (let i = 0; i < rounds + 2; i++) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    await signPdf({ pdf, record, signer: { name: 'Bench Signer' }, place: 'Bench', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
    const a = performance.now() - t0;
    const ac = cpuMs(process.cpuUsage(c0));
    c0 = process.cpuUsage();
    t0 = performance.now();
    await (await PDFDocument.load(pdf, { updateMetadata: false })).save();
    const b = performance.now() - t0;
    const bc = cpuMs(process.cpuUsage(c0));
    t0 = performance.now();
    // /usr/bin/time reports the child's own CPU seconds (user, system).
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'pdfsig', '-nssdir', nssDir, '-add-signature', '-nick', 'bench', '-new-signature-field-name', `S${i}`, file, join(work, `out-${pages}.pdf`)], { encoding: 'utf8' });
    const c = performance.now() - t0;
    if (r.status !== 0) throw new Error(`pdfsig failed: ${r.stderr.slice(-300)}`);
    const [u, sy] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    if (i >= 2) {
      t.station.push(a); t.pdflib.push(b); t.pdfsig.push(c);
      cpu.station.push(ac); cpu.pdflib.push(bc); cpu.pdfsig.push((u + sy) * 1000);
    }
  }
  const rssStation = maxRssMiB(process.execPath, [join(root, 'bin', 'run-ts.mjs'), 'bench/pdfBench.ts', '--one', file, storage]);
  const rssPdfsig = maxRssMiB('pdfsig', ['-nssdir', nssDir, '-add-signature', '-nick', 'bench', file, join(work, `rss-${pages}.pdf`)]);
  rows.push({ pages, bytes: pdf.length, station: median(t.station), pdflib: median(t.pdflib), pdfsig: median(t.pdfsig), cpuStation: median(cpu.station), cpuPdflib: median(cpu.pdflib), cpuPdfsig: median(cpu.pdfsig), rssStation, rssPdfsig, rssNode });
  console.log(rows.at(-1));
}
await closePdfParser();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`;
const f1 = (n: number) => n.toFixed(1);
const md = `## PDF signing (documents)

Command: \`node bin/run-ts.mjs bench/pdfBench.ts\` on ${machine} (shared with other engineers' runs: noisy), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Medians of ${rows.map((r) => (r.pages === 200 ? 9 : 15)).join('/')} interleaved rounds (after 2 warm-up rounds) per size; generated office-like documents (40 lines of text per page, no object streams).
- **station**: \`signPdf\` in-process — bounded inspection in the parser thread, placement, ink appearance with an embedded subset font, sealed biometric container (RSA-OAEP-256 + AES-GCM), PAdES B-B (RSA-3072), incremental update.
- **pdf-lib load+save**: the bare cost of reading and rewriting the same file with pdf-lib (no signing at all).
- **pdfsig**: poppler 22.12 \`pdfsig -add-signature\` (adbe.pkcs7.detached; this version refuses \`-etsi\` with \`-add-signature\`) (RSA-3072 key in an NSS database made with certutil/pk12util), as a process, start-up included.
- Peak memory: max RSS of one signing as a separate process (\`/usr/bin/time -f %M\`); the station's includes Node + the tsx loader (the "node baseline" column is a no-op run of the same command).

Wall-clock times suffer from the machine's load (load average ${loadavg()[0].toFixed(1)} at the end of this run); CPU times (user + system, the station's including its parser thread; pdfsig's from \`/usr/bin/time\`, 10 ms resolution) are the steadier comparison.

| pages | bytes | station wall ms | station CPU ms | pdf-lib load+save wall ms | pdf-lib CPU ms | pdfsig wall ms | pdfsig CPU ms | station / pdfsig (CPU) | station / pdf-lib (CPU) | max RSS station MiB | node baseline MiB | max RSS pdfsig MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.pages} | ${r.bytes} | ${f1(r.station)} | ${f1(r.cpuStation)} | ${f1(r.pdflib)} | ${f1(r.cpuPdflib)} | ${f1(r.pdfsig)} | ${f1(r.cpuPdfsig)} | ${(r.cpuStation / Math.max(r.cpuPdfsig, 1)).toFixed(2)} | ${(r.cpuStation / Math.max(r.cpuPdflib, 0.1)).toFixed(2)} | ${f1(r.rssStation)} | ${f1(r.rssNode)} | ${f1(r.rssPdfsig)} |`).join('\n')}
`;
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'pdf.md'), md);
console.log(md);
