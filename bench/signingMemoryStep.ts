/**
 * One fresh process of bench/signingMemoryBench.ts: the station's steps of one signing of the given
 * PDF, printing peak RSS (getrusage maxRSS), current RSS and the time of each step as one JSON line.
 * The bench runs it compiled (esbuild, the settings of scripts/build-cli.mjs: what ships) and from
 * the TypeScript sources (bin/run-ts.mjs, the development configuration).
 * Usage: <node|run-ts> signingMemoryStep <back-to-back|sitting> <pdf> <storage dir> <svc2004 file>
 */
import { readFileSync } from 'node:fs';
import { stationConfigSchema } from '../main/config/stationConfigSchema';
import { closePdfParser, inspectPdf, pageTextBoxesBounded, pdfParserRunning, restPdfParser } from '../main/documents/inspectPdf';
import { loadOrCreateSealingCredentials } from '../main/documents/sealingCredentials';
import { signPdf } from '../main/documents/signPdf';
import { readSvc2004File } from '../main/pen/svc2004';

const [sequence, file, storage, svc] = process.argv.slice(2);
if (sequence !== 'back-to-back' && sequence !== 'sitting') throw new Error(`unknown sequence ${sequence}`);
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
if (sequence === 'sitting') {
  // "Send to customer": the session tells the places finder to rest (SigningSession.sendToCustomer),
  // so the parser thread ends while the customer reads, and the seal starts it again.
  restPdfParser();
  while (pdfParserRunning()) await new Promise((r) => setTimeout(r, 10));
  note('stopped');
}
// The customer's Done: the sealer inspects again and signs.
await signPdf({ pdf, record, signer: { name: 'Bench Signer' }, place: 'Bench', sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem });
note('sign');
await closePdfParser();
console.log(JSON.stringify(out));
