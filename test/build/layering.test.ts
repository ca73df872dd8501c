import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { layeringProblems, maxLines, oversizeExceptions } from '../../scripts/check-layering.mjs';

// The layers the architecture promises (domain code without Electron, browser code without Node or
// main/) and the size ceiling, as `npm test` checks them: the real tree passes, a tree with one
// violation of each kind fails, and the per-runtime TypeScript configs refuse Node where it is absent.

const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const fixtures: string[] = [];
afterAll(() => fixtures.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'layering-'));
  fixtures.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const checkTree = (dir: string) => run(process.execPath, [join(root, 'scripts', 'check-layering.mjs'), '--root', dir])
  .then((r) => ({ code: 0, out: r.stdout + r.stderr }), (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }));

const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

describe('the layering check', () => {
  it('passes the project as it is, and every listed oversize file still exists', () => {
    expect(layeringProblems(root)).toEqual([]);
    for (const file of oversizeExceptions) expect(existsSync(join(root, file)), `${file} in oversizeExceptions`).toBe(true);
  });

  it('passes a tree that keeps its layers', async () => {
    const r = await checkTree(tree({
      'main/shell/electronMain.ts': "import { app } from 'electron';\nimport { readFileSync } from 'node:fs';\n",
      'preload/teller.ts': "import { contextBridge } from 'electron';\n",
      'native/ink/model.ts': "import { getStroke } from 'perfect-freehand';\nimport { a } from '../pen/sample';\n",
      'renderer/app.tsx': "import { model } from '../native/ink/model';\nimport type { Contract } from '../preload/common/contract';\n",
      'renderer/vite.config.ts': "import { resolve } from 'node:path';\n",
      'native/ink/model.test.ts': "import { readFileSync } from 'node:fs';\n",
      [`main/long.ts`]: lines(maxLines),
    }));
    expect(r.out).toContain('every layer keeps to its runtime');
    expect(r.code).toBe(0);
  });

  it('fails on each kind of violation, naming the file and the rule', async () => {
    const r = await checkTree(tree({
      'main/vault/keys.ts': "import { safeStorage } from 'electron';\n",
      'preload/common/wire.ts': "const { ipcRenderer } = require('electron');\n",
      'native/pen/decode.ts': "import { Buffer } from 'node:buffer';\n",
      'preload/common/clock.ts': "export { hrtime } from 'process';\n",
      'renderer/screen.tsx': "const fs = await import('fs/promises');\n",
      'native/ink/fit.ts': "import { config } from '../../main/config/loadStationConfig';\n",
      'renderer/teller/desk.tsx': "import type { Vault } from '../../main/vault/vault';\n",
      'main/huge.ts': lines(maxLines + 1),
    }));
    expect(r.code).toBe(1);
    expect(r.out).toContain("main/vault/keys.ts: imports 'electron'");
    expect(r.out).toContain("preload/common/wire.ts: imports 'electron'");
    expect(r.out).toContain("native/pen/decode.ts: imports the Node built-in 'node:buffer'");
    expect(r.out).toContain("preload/common/clock.ts: imports the Node built-in 'process'");
    expect(r.out).toContain("renderer/screen.tsx: imports the Node built-in 'fs/promises'");
    expect(r.out).toContain("native/ink/fit.ts: imports '../../main/config/loadStationConfig' from main/");
    expect(r.out).toContain("renderer/teller/desk.tsx: imports '../../main/vault/vault' from main/");
    expect(r.out).toContain(`main/huge.ts: ${maxLines + 1} lines, over the ${maxLines}-line ceiling`);
    expect(r.out).toContain('layering: 8 problem(s)');
  });

  it('fails for a listed exception that is back under the ceiling, so the list only shrinks', async () => {
    const [listed] = oversizeExceptions;
    if (!listed) return; // the list is empty: nothing left to shrink
    const r = await checkTree(tree({ [listed]: lines(10) }));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${listed}: 10 lines, back under the ceiling: remove it from oversizeExceptions`);
  });
});

describe('the per-runtime TypeScript configs', () => {
  /** Type-checks one extra file as if it were part of the project under the given config. */
  function diagnostics(config: string, file: string, text: string): string[] {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(root, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const path = join(root, file);
    const host = ts.createCompilerHost(parsed.options);
    const read = host.readFile;
    host.readFile = (name) => (resolve(name) === path ? text : read(name));
    host.fileExists = ((exists) => (name: string) => resolve(name) === path || exists(name))(host.fileExists);
    const program = ts.createProgram([path, ...parsed.fileNames.filter((f) => f.endsWith('.d.ts'))], parsed.options, host);
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('native/ and preload/common/ have neither Node nor the DOM', () => {
    expect(diagnostics('tsconfig.portable.json', 'native/probe.ts', 'export const t = performance.now();\n')).toEqual([]);
    expect(diagnostics('tsconfig.portable.json', 'native/probe.ts', 'export const e = process.env;\n').join()).toContain("Cannot find name 'process'");
    expect(diagnostics('tsconfig.portable.json', 'preload/common/probe.ts', 'export const d = document.title;\n').join()).toContain("Cannot find name 'document'");
    expect(diagnostics('tsconfig.portable.json', 'native/probe.ts', "export { readFileSync } from 'node:fs';\n").join()).toContain("Cannot find module 'node:fs'");
  });

  it('renderer/ has the DOM and not Node', () => {
    expect(diagnostics('tsconfig.renderer.json', 'renderer/probe.ts', 'export const d = document.title;\n')).toEqual([]);
    expect(diagnostics('tsconfig.renderer.json', 'renderer/probe.ts', 'export const b = Buffer.from("x");\n').join()).toContain("Cannot find name 'Buffer'");
  });
});
