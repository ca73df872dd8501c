// Loads the built Electron main bundle under plain Node with the stand-in `electron` module and
// prints, as one JSON line on stdout, what the shell did up to its two windows; then quits it.
//   node electronBundleRunner.mjs <build dir> <stand-in .cjs> <a PDF file>
// Only the native modules may come from node_modules: any other package the bundle asks for means
// it was not bundled, and fails the run. The PDF goes through the parser worker shipped beside it.
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire, registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const [buildDir, standInFile, pdfFile] = process.argv.slice(2);
const buildUrl = pathToFileURL(buildDir).href + '/';
const natives = new Set(['better-sqlite3', 'node-hid', 'ssh2', 'cpu-features']);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const unbundled = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: pathToFileURL(standInFile).href, format: 'commonjs', shortCircuit: true };
    const bare = !/^(\.|\/|file:|node:)/.test(specifier) && !builtins.has(specifier);
    const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (bare && context.parentURL?.startsWith(buildUrl) && !natives.has(packageName)) unbundled.add(specifier);
    return next(specifier, context);
  },
});

const until = async (what, test) => {
  for (let i = 0; !test(); i++) {
    if (i > 20_000) throw new Error(`the shell never got to: ${what}`);
    await new Promise((ok) => setTimeout(ok, 10));
  }
};

const electron = createRequire(import.meta.url)(standInFile);
createRequire(join(buildDir, 'electronMain.cjs'))(join(buildDir, 'electronMain.cjs'));
electron.app.becomeReady();
const { recorded } = electron;
await until('two windows with their pages loading', () => recorded.exitCode !== undefined || (recorded.windows.length === 2 && recorded.windows.every((w) => w.loadedUrls.length > 0)));

const appOrigin = 'app://station';
const decide = (listener, url) => new Promise((ok) => listener({ url }, (r) => ok(r)));
const handler = recorded.protocolHandlers.get('app');
const report = {
  exitCode: recorded.exitCode ?? null,
  errorBoxes: recorded.errorBoxes,
  unbundled: [...unbundled],
  sandboxEnabled: recorded.sandboxEnabled,
  privilegedSchemes: recorded.privilegedSchemes,
  windows: recorded.windows.map((w) => ({ title: w.options.title, urls: w.loadedUrls, webPreferences: w.options.webPreferences, denyingNewWindows: typeof w.webContents.windowOpenHandler === 'function' ? w.webContents.windowOpenHandler({ url: 'https://example.com' }) : null })),
  ipcChannels: [...recorded.ipcHandlers.keys()],
  permissions: {
    requestHandlerSet: recorded.permissionRequestHandlerSet,
    hidForTheApp: recorded.permissionCheckHandler?.(null, 'hid', appOrigin, {}),
    hidForAnotherOrigin: recorded.permissionCheckHandler?.(null, 'hid', 'https://example.com', {}),
    cameraForTheApp: recorded.permissionCheckHandler?.(null, 'media', appOrigin, {}),
  },
  requests: recorded.beforeRequest && {
    app: await decide(recorded.beforeRequest, `${appOrigin}/teller/index.html`),
    remote: await decide(recorded.beforeRequest, 'https://example.com/x.js'),
  },
  escapingPath: handler ? (await handler(new Request(`${appOrigin}/..%2F..%2F..%2Fetc%2Fpasswd`))).status : null,
};

// The parser worker exactly as inspectPdf starts it from the bundle.
const worker = new Worker(join(buildDir, 'pdfParseWorker.boot.mjs'));
const answers = new Map();
worker.on('message', (m) => answers.set(m.ready ? 'ready' : m.id, m));
worker.on('error', (err) => answers.set('error', { message: err.message }));
await until('the parser worker ready', () => answers.has('ready') || answers.has('error'));
const bytes = new Uint8Array(readFileSync(pdfFile));
worker.postMessage({ id: 1, op: 'inspect', bytes, maxBytes: 50 * 1024 * 1024 });
worker.postMessage({ id: 2, op: 'textBoxes', bytes, page: 0 });
await until('the parser worker answers', () => (answers.has(1) && answers.has(2)) || answers.has('error'));
report.parser = { error: answers.get('error') ?? null, inspect: answers.get(1), textBoxes: answers.get(2) && { ok: answers.get(2).ok, boxes: answers.get(2).result?.length ?? answers.get(2).message } };
await worker.terminate();

process.stdout.write(JSON.stringify(report) + '\n');
// Electron would exit after before-quit; here the station's timers would keep Node alive.
electron.app.quit();
process.exit(0);
