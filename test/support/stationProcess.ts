import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const runFile = promisify(execFile);

export interface RunningStation {
  tellerUrl: string;
  customerUrl: string;
  storageDir: string;
  output: () => string;
  stop(): Promise<number | null>;
}

const root = resolve(import.meta.dirname, '..', '..');

/**
 * Starts `station serve` as a real child process (the same command a user runs), on a free port,
 * with its own storage folder, and reads the teller and customer URLs it prints.
 */
export async function startStationProcess(env: Record<string, string> = {}): Promise<RunningStation> {
  const storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'station.mjs'), 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const urls = await new Promise<{ teller: string; customer: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`station did not start:\n${out}`)), 60_000);
    const check = () => {
      const teller = /teller:\s+(\S+)/.exec(out)?.[1];
      const customer = /customer:\s+(\S+)/.exec(out)?.[1];
      if (teller && customer) {
        clearTimeout(timer);
        ok({ teller, customer });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`station exited with ${code}:\n${out}`)));
  });
  return {
    tellerUrl: urls.teller,
    customerUrl: urls.customer,
    storageDir,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(storageDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * Makes accounts in a storage folder the way an administrator does, with `station user add`: first
 * the administrator (password), then each teller (PIN) signed for by that administrator.
 */
export async function addAccountsWithCli(storageDir: string, admin: { username: string; password: string }, tellers: { username: string; pin: string }[]): Promise<void> {
  const env = { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json') };
  const cli = (...args: string[]) => runFile(process.execPath, [join(root, 'bin', 'station.mjs'), ...args], { cwd: root, env });
  const secretFile = (name: string, secret: string) => {
    const file = join(storageDir, `${name}.secret`);
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return file;
  };
  const adminFile = secretFile(admin.username, admin.password);
  await cli('user', 'add', '--username', admin.username, '--role', 'administrator', '--new-secret-file', adminFile);
  for (const t of tellers) {
    await cli('user', 'add', '--username', t.username, '--role', 'teller', '--pin', '--new-secret-file', secretFile(t.username, t.pin), '--user', admin.username, '--secret-file', adminFile);
  }
}
