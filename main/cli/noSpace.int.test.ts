import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mountSmallDisk } from '../../test/support/smallDisk';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { silentLogger } from '../logging/logger';
import { createAuditTrail } from '../privacy/auditTrail';
import { stationDoctor } from '../station/stationDoctor';
import { openStationVault } from '../vault/openStationVault';
import { integrityCheck } from '../vault/vaultDatabase';
import { noSpaceExitCode } from './noSpace';
import { sharedDataLocation } from '../config/sharedData';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

/**
 * A full disk on the command line, on a real 12 MB tmpfs: `station doc sign --enqueue` on a full disk
 * ends with its own exit code and says which folder, how much, that nothing was lost and to rerun;
 * the queue is unchanged (nothing half-written), and the rerun after freeing space queues it.
 * `station doctor` warns below the margin and fails when one document would not fit.
 */
const root = resolve(import.meta.dirname, '..', '..');
const shared = sharedDataLocation();
const haveData = existsSync(join(shared, 'svc2004-task2-dev'));
const { disk, skipReason } = mountSmallDisk(12);
if (skipReason) console.warn(`noSpace.int.test: ${skipReason}`);
if (!haveData) console.warn('noSpace.int.test: skipped: ../shared/data is absent');
const storageDir = join(disk?.dir ?? '/nonexistent', 'station');
const outDir = mkdtempSync(join(tmpdir(), 'no-space-out-'));
const config = stationConfigSchema.parse({ storage: { dir: storageDir, freeSpaceMarginMB: 6 } });

function station(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, STATION_STORAGE_DIR: storageDir, STATION_CONFIG: join(storageDir, 'none.json'), STATION_STORAGE_FREE_SPACE_MARGIN_MB: '6' };
  return new Promise((ok) => {
    execFile(process.execPath, [join(root, 'bin', 'station.mjs'), ...args], { env, cwd: root, encoding: 'utf8' }, (err, stdout, stderr) => {
      ok({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const sign = (out: string) => station('doc', 'sign', '--in', join(shared, 'pdf-corpus', 'ordinary', 'sample_002-trivial-libre-office-writer.pdf'), '--signature', join(shared, 'svc2004-task2-dev', 'Task2', 'U1S1.TXT'), '--signer', 'Zqxw Cli', '--out', join(outDir, out), '--enqueue');

async function inspectVault() {
  const vault = await openStationVault(config);
  try {
    const audit = createAuditTrail(vault, { log: silentLogger });
    return { integrity: integrityCheck(rawVaultDatabase(vault)), states: vault.documents().map((d) => d.state), verify: audit.verify(), queuedEntries: audit.entries().filter((e) => e.action === 'document.queued').length };
  } finally {
    vault.close();
  }
}

describe.skipIf(!disk || !haveData)('no space on the command line (real tmpfs)', () => {
  afterAll(() => {
    disk?.unmount();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('doc sign --enqueue: exit 28 with what to do, the queue unchanged; the rerun after freeing space queues it', async () => {
    expect((await sign('first.pdf')).code).toBe(0);
    disk!.fill();
    const full = await sign('second.pdf');
    expect(full.code).toBe(noSpaceExitCode);
    expect(full.stderr).not.toContain('unexpected error');
    expect(full.stderr).toMatch(new RegExp(`^station doc sign: No space left in the storage folder ${storageDir}: .* free, about .* needed\\. Nothing was lost: the document was not queued and the queue is unchanged \\(the signed PDF was written to .*second\\.pdf; rerunning signs and queues it anew\\)\\. Free space on this disk, then rerun the same command\\.\\n$`, 'm'));
    disk!.release();
    const before = await inspectVault();
    expect(before).toMatchObject({ integrity: 'ok', states: ['queued'], queuedEntries: 1 });
    expect(before.verify.ok, before.verify.reason).toBe(true);

    expect((await sign('second.pdf')).code).toBe(0);
    const after = await inspectVault();
    expect(after).toMatchObject({ integrity: 'ok', states: ['queued', 'queued'], queuedEntries: 2 });
    expect(after.verify.ok, after.verify.reason).toBe(true);
  });

  it('station doctor: free space against the margin (WARN) and against one document (FAIL)', async () => {
    const space = async () => (await stationDoctor(config)).checks.find((c) => c.name === 'free space')!;
    const roomy = await space();
    expect(roomy.ok && !roomy.warn).toBe(true);
    expect(roomy.detail).toMatch(/free in .*; margin 6\.0 MB \(storage\.freeSpaceMarginMB\), one signed document about/);
    disk!.fill(3 * 1024 * 1024);
    expect(await space()).toMatchObject({ ok: true, warn: true, detail: expect.stringMatching(/^Storage almost full: .* free in .*, less than a day of signings \(6\.0 MB\)\. Free space soon\./) });
    disk!.release();
    disk!.fill(100 * 1024);
    expect(await space()).toMatchObject({ ok: false, detail: expect.stringMatching(/^Storage full: .* free in .*, about .* needed for one signed document\. New signings cannot start; nothing was lost\. Free space on this disk, then continue\./) });
    disk!.release();
  });
});
