/**
 * The content-stream text reader (main/documents/pageText) against pdf.js, side by side in one
 * process on the 200-page document of pdfBench: the text boxes of the last page (what the default
 * place asks for) and an anchor search whose phrase is printed only on the last page (every page
 * read). Each call opens the document afresh, as the parser thread does; medians of --rounds after
 * one warm-up of each.
 * Usage: node bin/run-ts.mjs bench/textReaderBench.ts [--rounds 7]   Writes bench/results/textReader.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeAgreementDocument } from './agreementDocument';
import { findAnchorText } from '../main/documents/anchorTextLocator';
import { pageTextBoxes } from '../main/documents/pageTextBoxes';
import { openReference, referenceAnchor } from '../main/documents/pageText/testing/pdfjsTextReference';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const rounds = Number(values.rounds);
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();

const pdf = await makeAgreementDocument(200);
const phrase = 'terms numbered 7999 in this';

const cases: Record<string, () => Promise<unknown>> = {
  'boxes, ours': () => pageTextBoxes(pdf, 199),
  'boxes, pdf.js': async () => {
    const ref = await openReference(pdf);
    try {
      return (await ref.items(199)).filter((i) => i.str.trim() !== '').map((i) => i.box);
    } finally {
      await ref.destroy();
    }
  },
  'anchor, ours': () => findAnchorText(pdf, phrase),
  'anchor, pdf.js': async () => {
    const ref = await openReference(pdf);
    try {
      return await referenceAnchor(ref, phrase);
    } finally {
      await ref.destroy();
    }
  },
};

const times = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
for (const run of Object.values(cases)) await run(); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(cases)) {
    const t0 = performance.now();
    await run();
    times.get(name)!.push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = (k: string) => median(times.get(k)!);
const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
const section = `## The text reader against pdf.js (bench/textReaderBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; uptime at the start: ${uptimeAtStart}; at the end: ${uptimeAtEnd}
Command: \`node bin/run-ts.mjs bench/textReaderBench.ts --rounds ${rounds}\` (${new Date().toISOString().slice(0, 10)}); the 200-page document of pdfBench; each call opens the document afresh; medians of ${rounds} interleaved rounds, in one process.

| what | ours | pdf.js | ours / pdf.js |
|---|---:|---:|---:|
| text boxes of the last page (of 200) | ${m('boxes, ours').toFixed(1)} ms | ${m('boxes, pdf.js').toFixed(1)} ms | ${(m('boxes, ours') / m('boxes, pdf.js')).toFixed(2)}× |
| anchor search, phrase on the last page only | ${m('anchor, ours').toFixed(1)} ms | ${m('anchor, pdf.js').toFixed(1)} ms | ${(m('anchor, ours') / m('anchor, pdf.js')).toFixed(2)}× |
`;
writeFileSync(resolve(import.meta.dirname, 'results', 'textReader.md'), section);
console.log(section);
