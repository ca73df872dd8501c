/**
 * What each PAdES level costs per document: milliseconds and bytes to seal at B-B, B-T, B-LT and
 * B-LTA, and to extend a B-LTA document once more (archive renewal), side by side in one run
 * (round robin, so load changes hit every level alike), against the tests' real local PKI: an
 * `openssl ts` TSA, an `openssl ocsp` responder and CRLs over HTTP on loopback. Every TSA/OCSP
 * answer is an openssl process start, so network-free servers still cost tens of ms each: the
 * B-T/B-LT/B-LTA columns are an upper bound of the station's own work plus loopback round trips.
 *
 *   node bin/run-ts.mjs bench/ltvBench.ts        measure, write bench/results/ltv.md
 */
import { cpus, loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { extendPdf, padesLevels, type PadesLevel } from '../main/documents/extendPdf';
import { closePdfParser } from '../main/documents/inspectPdf';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdfAtLevel } from '../main/documents/signAtLevel';
import { sharedDataPath } from '../main/config/sharedData';
import { readSvc2004File } from '../main/pen/svc2004';
import { startLtvWorld } from '../test/support/longTermTestKit';
import { tempDir } from '../test/support/documentTestKit';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const svc = sharedDataPath('svc2004-task2-dev/Task2/U1S1.TXT');
const corpus = sharedDataPath('pdf-corpus');
if (!svc || !corpus) {
  console.log('ltvBench: skipped: ../shared/data/svc2004-task2-dev or pdf-corpus is absent (see ../shared/README.md)');
  process.exit(0);
}

const RUNS = 7;
const docs = [
  { name: 'sample_002-trivial-libre-office-writer.pdf (1 page)', path: join(corpus, 'ordinary', 'sample_002-trivial-libre-office-writer.pdf') },
  { name: 'pdflib_us_constitution.pdf (19 pages)', path: join(corpus, 'ordinary', 'pdflib_us_constitution.pdf') },
];
const load = loadavg()[0];
const world = await startLtvWorld();
const record = await readSvc2004File(svc);
const escrow = loadOrCreateSealingCredentials(tempDir(), stationConfigSchema.parse({}).documents).escrowPublicKeyPem;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Column = PadesLevel | 'extend B-LTA again';
const columns: Column[] = [...padesLevels, 'extend B-LTA again'];
const rows: string[] = [];
try {
  for (const doc of docs) {
    const pdf = readFileSync(doc.path);
    const times = new Map<Column, number[]>(columns.map((c) => [c, []]));
    const sizes = new Map<Column, number>();
    let lta: Uint8Array | undefined;
    for (let run = -1; run < RUNS; run++) {
      for (const level of padesLevels) {
        const t0 = performance.now();
        const r = await signPdfAtLevel({ pdf, record, signer: { name: 'Bench' }, sealer: world.sealer, escrowPublicKeyPem: escrow, tsaUrl: world.tsa.url }, level);
        const ms = performance.now() - t0;
        if (run < 0) continue; // warm-up: font parse, TSA token size learnt
        times.get(level)!.push(ms);
        sizes.set(level, r.pdf.length);
        if (level === 'B-LTA') lta = r.pdf;
      }
      if (run < 0 || !lta) continue;
      const t0 = performance.now();
      const again = await extendPdf(lta, { level: 'B-LTA', tsaUrl: world.tsa.url });
      times.get('extend B-LTA again')!.push(performance.now() - t0);
      sizes.set('extend B-LTA again', again.pdf.length);
    }
    const base = median(times.get('B-B')!);
    rows.push(`| ${doc.name} | ${pdf.length} | ${columns.map((c) => `${median(times.get(c)!).toFixed(0)} ms (${(median(times.get(c)!) / base).toFixed(1)}×), ${sizes.get(c)! - (c === 'extend B-LTA again' ? sizes.get('B-LTA')! : pdf.length)} B`).join(' | ')} |`);
    console.log(rows.at(-1));
  }
} finally {
  await world.close();
  await closePdfParser();
}

const section = `## PAdES levels: cost per document (issue 16)

Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; 1-minute load average ${load.toFixed(1)} at the start (shared machine). Command: \`node bin/run-ts.mjs bench/ltvBench.ts\` (${new Date().toISOString().slice(0, 10)}).

Each cell: median of ${RUNS} seals (after one warm-up), its ratio to B-B, and the bytes added to the input (for the last column: added to the B-LTA file). Levels run round robin in one process. Seal: RSA-2048 from the test PKI (root → issuing CA → seal); TSA, OCSP responder and CRL server are the tests' local openssl servers (loopback, one openssl process per TSA/OCSP answer).
B-T = + signature time-stamp (1 TSA request); B-LT = + DSS (2 OCSP requests, 2 CRL downloads, 5 certificates, 2 VRI entries); B-LTA = + document time-stamp (1 more TSA request). "extend B-LTA again" = fresh OCSP/CRL for the newest time-stamp + a new archive time-stamp.

| document | bytes | ${columns.join(' | ')} |
|---|---|${columns.map(() => '---').join('|')}|
${rows.join('\n')}
`;
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'ltv.md'), section);
console.log('wrote bench/results/ltv.md');
