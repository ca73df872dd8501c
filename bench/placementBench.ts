// Signature placement benchmark (issues 4 and 7). Preparing a signing now reads the document once
// more: the signature fields (bounded inspectPdf) and the default place the sealer would use (which
// may scan the last page's text for a blank spot). This measures what that adds to "Prepare
// signing" and to the start form's list of places, per real corpus document, against inspectPdf
// alone (the least any look at the document costs).
// Writes bench/results/placement.md. Run: node bin/run-ts.mjs bench/placementBench.ts  (about 20 s)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { closePdfParser, inspectPdf } from '../main/documents/inspectPdf';
import { createSignaturePlacesFinder } from '../main/station/signaturePlacesFinder';
import { sharedDataLocation } from '../main/config/sharedData';

const root = resolve(import.meta.dirname, '..');
const corpus = join(sharedDataLocation(), 'pdf-corpus');
if (!existsSync(corpus)) {
  console.warn('skipped: the real PDF corpus (../shared/data/pdf-corpus) is absent');
  process.exit(0);
}
const loadAtStart = loadavg()[0];
const runs = 9;
const docs = [
  'signature-fields/dss_pdf-two-fields.pdf',
  'ordinary/sample_pdflatex-outline.pdf',
  'ordinary/sample_google-doc-document.pdf',
  'ordinary/pdflib_us_constitution.pdf',
  'signature-fields/dss_documentEmptySignature.pdf',
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>) {
  await fn(); // warm-up (parser thread, pdf.js)
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const finder = createSignaturePlacesFinder({});
const rows: string[] = [];
for (const d of docs) {
  const pdf = readFileSync(resolve(corpus, d));
  const places = await finder.find(pdf);
  const inspect = await time(() => inspectPdf(pdf));
  const find = await time(() => finder.find(pdf));
  const what = places.default ? `${places.default.kind === 'field' ? `field “${places.default.field}”` : 'blank spot'} on page ${places.default.page}` : 'none';
  rows.push(`| ${d.split('/')[1]} | ${places.pages.length} | ${places.fields.length} | ${what} | ${inspect.toFixed(1)} ms | ${find.toFixed(1)} ms | ${(find / inspect).toFixed(2)}× |`);
  console.log(rows.at(-1));
}
await closePdfParser();

const md = `## Signature placement (issues 4 and 7)

Machine: ${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model.trim()}; Node ${process.version}; 1-minute load average ${loadAtStart.toFixed(1)} at the start (shared machine: absolute numbers are noisy). Command: \`node bin/run-ts.mjs bench/placementBench.ts\` (${new Date().toISOString().slice(0, 10)}).

What "Prepare signing" and the start form's list of signature places cost per document: the signature places (bounded inspectPdf, the model, and the default place the sealer would choose) against inspectPdf alone. Median of ${runs} runs after one warm-up.

| document | pages | fields | default place | inspectPdf | signature places | ratio |
|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(resolve(root, 'bench', 'results', 'placement.md'), md);
console.log(md);
