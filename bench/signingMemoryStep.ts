/**
 * One fresh process of bench/signingMemoryBench.ts: the station's steps of one signing of the given
 * PDF, printing peak RSS (getrusage maxRSS), current RSS and the time of each step as one JSON line.
 * The bench runs it compiled (esbuild, the settings of scripts/build-cli.mjs: what ships) and from
 * the TypeScript sources (bin/run-ts.mjs, the development configuration).
 * Usage: <node|run-ts> signingMemoryStep <back-to-back|idle-stopped> <pdf> <storage dir> <svc2004 file>
 */
import { readFileSync } from 'node:fs';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { closePdfParser, inspectPdf, pageTextBoxesBounded } from '../main/documents/inspectPdf';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdf } from '../main/documents/signPdf';
import { readSvc2004File } from '../main/pen/svc2004';

const [sequence, file, storage, svc] = process.argv.slice(2);
if (sequence !== 'back-to-back' && sequence !== 'idle-stopped') throw new Error(`unknown sequence ${sequence}`);
const peak = () => process.resourceUsage().maxRSS / 1024;
const current = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const out: Record<string, { peak: number; rss: number; ms: number }> = {};
let since = performance.now();
const note = (step: string) => {
  out[step] = { peak: peak(), rss: current(), ms: performance.now() - since };
  since = performance.now();
};

const pdf = readFileSync(file);
const creds = loadOrCreateSealingCredentials(storage, stationConfigSchema.parse({}).documents);
const record = await readSvc2004File(svc);
note('loaded');
// The teller opens the document: the places finder inspects it and looks for blank space on the last page.
await inspectPdf(pdf);
note('inspect');
await pageTextBoxesBounded(pdf, 199);
note('boxes');
if (sequence === 'idle-stopped') {
  // A sitting longer than the parser's idle stop: the thread has ended (closePdfParser ends it at
  // once, as the idle stop does) and the seal starts it again.
  await closePdfParser();
  // The customer reads (the bench's --reading): the process waits as the station does meanwhile.
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_READING_MS ?? 0)));
  note('stopped');
}
// The customer's Done: the sealer inspects again and signs.
await signPdf({ pdf, record, signer: { name: 'Bench Signer' }, place: 'Bench', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
note('sign');
await closePdfParser();
console.log(JSON.stringify(out));
