/**
 * "Send to customer" → the first page on the customer's screen, in Debian's headless Chromium
 * against a real `station serve`: the teller's click (a capture listener in the teller's page
 * notes the time) to the first animation frame in which the customer's page shows a rendered page
 * canvas (a probe in the customer's page, every frame). Both times are performance.timeOrigin +
 * performance.now() of the same browser's processes. Between rounds the teller takes the document back.
 * Usage: node bin/run-ts.mjs bench/firstPageBench.ts [--rounds 9] [--pdf <file>]   (after npm run build:renderer)
 * Writes bench/results/firstPage.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDataPath } from '../main/config/sharedData';
import { addAndPrepare, customerState, median, openBenchDesk, percentile, sessionState, waitFor } from './browserDesk';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' }, pdf: { type: 'string' } } });
const rounds = Number(values.rounds);
const pdf = values.pdf ?? sharedDataPath('pdf-corpus/ordinary/pdflib_us_constitution.pdf');
if (!pdf) {
  console.log('firstPageBench: skipped: the PDF corpus (../shared/data/pdf-corpus) is absent');
  process.exit(0);
}
const uptimeAtStart = execFileSync('uptime', { encoding: 'utf8' }).trim();

const desk = await openBenchDesk();
try {
  const { teller, customer } = desk;
  await addAndPrepare(teller, pdf);
  // Strings, not functions: the TypeScript loader would wrap named inner functions in a helper the pages lack.
  await teller.evaluate(`window.addEventListener('click', (e) => {
    if (e.target.closest('button') && /Send to customer/.test(e.target.closest('button').textContent)) window.sentAt = performance.timeOrigin + performance.now();
  }, true)`);
  const times: number[] = [];
  const pageCounts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await customer.evaluate(`(() => {
      window.firstPageAt = undefined;
      function look() {
        if (document.querySelector('.pdf-page canvas')) window.firstPageAt = performance.timeOrigin + performance.now();
        else requestAnimationFrame(look);
      }
      requestAnimationFrame(look);
    })()`);
    await teller.getByRole('button', { name: 'Send to customer' }).click();
    const shownAt = await waitFor('the first page', () => customer.evaluate('window.firstPageAt') as Promise<number | undefined>, (v) => v !== undefined);
    const sentAt = (await teller.evaluate('window.sentAt')) as number;
    times.push(shownAt! - sentAt);
    pageCounts.push(Number(await customer.locator('.pdf-pages').getAttribute('data-total')));
    console.error(`round ${round + 1}: ${times.at(-1)!.toFixed(0)} ms`);
    await teller.getByRole('button', { name: 'Take back' }).click();
    await waitFor('prepared again', () => sessionState(teller), (s) => s === 'prepared');
    await waitFor('customer idle', () => customerState(customer), (s) => s === 'idle');
  }
  const uptimeAtEnd = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const goal = 250;
  const section = `## "Send to customer" → first page (bench/firstPageBench.ts)

Machine: ${cpus().length} cores, ${cpus()[0].model}; Node ${process.version}; Chromium ${desk.browser.version()} headless; \`uptime\` at the start: ${uptimeAtStart}; at the end: ${uptimeAtEnd}.
Command: \`node bin/run-ts.mjs bench/firstPageBench.ts --rounds ${rounds}\` (${new Date().toISOString().slice(0, 10)}; after \`npm run build:renderer\`): a real \`station serve\`, both windows, ${basename(pdf)} (${pageCounts[0]} pages) prepared; each round the teller's click on "Send to customer" → the first animation frame with a rendered page on the customer's screen, then "Take back".

| what | median | p90 | min | median / goal (${goal} ms) |
|---|---:|---:|---:|---:|
| "Send to customer" → first page | ${median(times).toFixed(0)} ms | ${percentile(times, 90).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${(median(times) / goal).toFixed(2)}× |

Per round (ms): ${times.map((t) => t.toFixed(0)).join(', ')}.
`;
  writeFileSync(resolve(import.meta.dirname, 'results', 'firstPage.md'), section);
  console.log(section);
} finally {
  await desk.close();
}
