import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { patient } from './patience';

const runFile = promisify(execFile);

export interface RunningStation {
  tellerUrl: string;
  customerUrl: string;
  storageDir: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** This checkout; a benchmark may start another checkout's station (its own build) beside it. */
const projectRoot = resolve(import.meta.dirname, '..', '..');

/** A shell's PATH without the node_modules/.bin folders that npm run-scripts put first. */
export function pathWithoutNpmBins(path = process.env.PATH ?? ''): string {
  return path.split(delimiter).filter((dir) => !/[\\/]node_modules[\\/]\.bin$/.test(dir)).join(delimiter);
}

/**
 * Starts `station serve` as a real child process (the same command a user runs), on a free port,
 * with its own storage folder, and reads the teller and customer URLs it prints.
 * `launcher: 'npx'` starts it exactly as a user's shell does (`npx station serve`, with a PATH
 * that npm has not prepared), so the Node it runs on is the one npx picks, not the test's.
 */
export async function startStationProcess(env: Record<string, string> = {}, { launcher = 'node', root = projectRoot }: { launcher?: 'node' | 'npx'; root?: string } = {}): Promise<RunningStation> {
  const storageDir = mkdtempSync(join(tmpdir(), 'station-e2e-'));
  // The product asks the customer to confirm the signature after "Done" (desk.reviewSignature);
  // the e2e tests written before that press Done and expect sealing, so it is off unless a test
  // turns it on (the review's own tests set STATION_DESK_REVIEW_SIGNATURE=true).
  const stationEnv = { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json'), STATION_DESK_REVIEW_SIGNATURE: 'false', ...env };
  const [command, args] = launcher === 'npx'
    ? ['npx', ['--no-install', 'station', 'serve', '--port', '0']]
    : [process.execPath, [join(root, 'bin', 'station.mjs'), 'serve', '--port', '0']];
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: launcher === 'npx' ? { ...stationEnv, PATH: pathWithoutNpmBins(env.PATH ?? process.env.PATH) } : stationEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    // npx runs the station as its own child: stop them together, as a terminal's Ctrl+C does.
    detached: launcher === 'npx',
  });
  const terminate = () => (launcher === 'npx' ? process.kill(-child.pid!, 'SIGTERM') : child.kill('SIGTERM'));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const urls = await new Promise<{ teller: string; customer: string }>((ok, fail) => {
    const timer = setTimeout(() => {
      terminate();
      fail(new Error(`station did not start:\n${out}`));
    }, patient(60_000));
    const check = () => {
      const teller = /teller:\s+(\S+)/.exec(out)?.[1];
      const customer = /customer:\s+(\S+)/.exec(out)?.[1];
      // The banner ends with "Stop with Ctrl+C.": wait for all of it (storage, node, pen lines).
      if (teller && customer && out.includes('Stop with Ctrl+C.')) {
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
      terminate();
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
  const cli = (...args: string[]) => runFile(process.execPath, [join(projectRoot, 'bin', 'station.mjs'), ...args], { cwd: projectRoot, env });
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
