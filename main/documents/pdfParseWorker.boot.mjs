// Entry of the hostile-input parsing worker. Worker threads do not inherit the tsx loader that the
// CLI and the tests register, so from sources the worker registers it itself before loading the
// TypeScript code; a bundled build (Electron) ships pdfParseWorker.js beside this file instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('./pdfParseWorker.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  const unregister = register();
  await import(source.href);
  // The worker's TypeScript is loaded; nothing it imports later needs the TypeScript loader, which
  // would only hold memory.
  await unregister();
} else {
  await import(new URL('./pdfParseWorker.js', import.meta.url).href);
}
