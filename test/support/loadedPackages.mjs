// `node --import <this file> …`: records every package under node_modules that the process
// resolves and prints them on exit as one stderr line, `loaded packages: better-sqlite3 zod`.
// Worker threads inherit --import; a worker may be ended without an exit event, so it writes each
// package as it first resolves it: `loaded package (worker): pdfjs-dist`.
// Tests use it to prove what a command does NOT load.
import { writeSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(result.url);
    if (m && !seen.has(m[1])) {
      seen.add(m[1]);
      if (!isMainThread) writeSync(2, `loaded package (worker): ${m[1]}\n`);
    }
    return result;
  },
});
if (isMainThread) process.on('exit', () => writeSync(2, `loaded packages: ${[...seen].sort().join(' ')}\n`));
