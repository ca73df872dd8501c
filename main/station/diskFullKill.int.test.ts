import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountSmallDisk } from '../../test/support/smallDisk';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { silentLogger } from '../logging/logger';
import { reserveBytes, reserveFileName } from '../privacy/auditReserveJournal';
import { createAuditTrail } from '../privacy/auditTrail';
import { openStationVault } from '../vault/openStationVault';
import { integrityCheck } from '../vault/vaultDatabase';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * "No event is ever dropped", also when the station is killed before space returns: a
 * real station process on a real 16 MB tmpfs, the disk filled mid-signature (consent and ink are
 * audited then, so those entries are held), killed with SIGKILL, space freed, started again → the
 * held entries are in the trail, in order, before everything of the new start; the chain verifies
 * (`station audit verify` too) and the vault is intact.
 */
const { disk, skipReason } = mountSmallDisk(16);
if (skipReason) console.warn(`diskFullKill.int.test: ${skipReason}`);
const storageDir = join(disk?.dir ?? '/nonexistent', 'station');
const root = resolve(import.meta.dirname, '..', '..');
const env = { ...process.env, KILL_STORAGE_DIR: storageDir, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json') };

const started: ChildProcess[] = [];

function worker(mode: 'sign' | 'after'): { child: ChildProcess; waitFor: (pattern: RegExp) => Promise<RegExpExecArray>; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [join(root, 'bin', 'run-ts.mjs'), 'test/support/diskFullKillWorker.ts', mode], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const waitFor = (pattern: RegExp) => new Promise<RegExpExecArray>((ok, fail) => {
    const check = () => {
      const m = pattern.exec(out);
      if (m) ok(m);
    };
    child.stdout!.on('data', check);
    check();
    void exited.then(({ code, signal }) => fail(new Error(`worker ${mode} ended (${code ?? signal}) before ${pattern}:\n${out}`)));
  });
  return { child, waitFor, exited };
}

describe.skipIf(!disk)('a station killed while the disk is full (real tmpfs, real process, SIGKILL)', () => {
  afterAll(() => {
    // A failed step must not leave a station behind (ours only, by handle).
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    disk?.unmount();
  });

  it('writes the entries it held at its next start, first and in order; nothing dropped, chain and vault intact', { timeout: 180_000 }, async () => {
    const first = worker('sign');
    await first.waitFor(/^ready$/m);
    disk!.fill();
    first.child.stdin!.write('sign\n');
    const held = Number((await first.waitFor(/^held (\d+)$/m))[1]);
    expect(held).toBeGreaterThanOrEqual(2);

    // The reserve beside the vault: preallocated, private, and no personal data in clear.
    const reserve = join(storageDir, reserveFileName);
    expect(statSync(reserve).size).toBe(reserveBytes);
    expect(statSync(reserve).mode & 0o777).toBe(0o600);
    expect(readFileSync(reserve).includes(Buffer.from('Zqxw Reserve'))).toBe(false);

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    disk!.release();

    const second = worker('after');
    await second.waitFor(/^stopped$/m);
    expect((await second.exited).code).toBe(0);

    const config = stationConfigSchema.parse({ storage: { dir: storageDir } });
    const vault = await openStationVault(config);
    try {
      expect(integrityCheck(rawVaultDatabase(vault))).toBe('ok');
      const audit = createAuditTrail(vault, { log: silentLogger });
      const verified = audit.verify();
      expect(verified.ok, verified.reason).toBe(true);
      const entries = audit.entries();
      const actions = entries.map((e) => e.action);
      const starts = actions.flatMap((a, i) => (a === 'station.started' ? [i] : []));
      expect(starts).toHaveLength(2);
      // Killed: no stop was recorded for the first run; what it held comes right before the second start.
      const heldActions = actions.slice(starts[1] - held, starts[1]);
      expect(heldActions).toEqual(expect.arrayContaining(['consent.shown', 'signing.started']));
      expect(heldActions.indexOf('consent.shown')).toBeLessThan(heldActions.indexOf('signing.started'));
      expect(actions.slice(0, starts[1])).not.toContain('station.stopped');
      const signing = entries.find((e) => e.action === 'signing.started')!;
      const happenedAt = (audit.openPayload(signing.seq) as { details: { happenedAt: string } }).details.happenedAt;
      expect(happenedAt < entries[starts[1]].at).toBe(true);
      expect(actions.at(-1)).toBe('station.stopped');
      expect(readFileSync(join(storageDir, reserveFileName)).length).toBe(reserveBytes);
    } finally {
      vault.close();
    }

    const station = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'station.mjs'), ...args], { cwd: root, env, encoding: 'utf8' });
    const secret = join(storageDir, 'admin.secret');
    writeFileSync(secret, 'admin secret 123\n', { mode: 0o600 });
    expect(station('user', 'add', '--username', 'admin', '--role', 'administrator', '--new-secret-file', secret).status).toBe(0);
    const verify = station('audit', 'verify', '--user', 'admin', '--secret-file', secret);
    expect(verify.stdout + verify.stderr).toMatch(/^audit trail OK: /);
    expect(verify.status).toBe(0);
  });
});
