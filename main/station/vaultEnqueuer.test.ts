import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { verifyPdf } from '../documents/verifyPdf';
import { openStationVault } from '../vault/openStationVault';
import { sharedDataLocation } from '../config/sharedData';

const root = resolve(import.meta.dirname, '..', '..');
const shared = sharedDataLocation();
const haveData = existsSync(join(shared, 'svc2004-task2-dev')) && existsSync(join(shared, 'pdf-corpus', 'ordinary'));
if (!haveData) console.log('skipped: ../shared/data is absent');

describe('station doc sign --enqueue', () => {
  it.skipIf(!haveData)('puts the headless signature into the vault queue exactly as a desk signing does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enqueue-'));
    const env = { ...process.env, STATION_STORAGE_DIR: dir, STATION_CONFIG: join(dir, 'none.json') };
    const pdf = join(shared, 'pdf-corpus', 'ordinary', readdirSync(join(shared, 'pdf-corpus', 'ordinary')).find((f) => f.endsWith('.pdf'))!);
    const station = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin', 'station.mjs'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

    const out = station('doc', 'sign', '--in', pdf, '--signature', join(shared, 'svc2004-task2-dev', 'Task2', 'U1S1.TXT'), '--signer', 'Queue Tester', '--enqueue');
    const id = /queued as ([0-9a-f-]{36})/.exec(out)?.[1];
    expect(id).toBeDefined();
    expect(JSON.parse(station('queue', 'status', '--json')).counts.queued).toBe(1);

    const vault = await openStationVault(stationConfigSchema.parse({ storage: { dir } }));
    try {
      const stored = vault.openDocument(id!);
      expect(stored.signerName).toBe('Queue Tester');
      expect((await verifyPdf(stored.pdf)).ok).toBe(true);
    } finally {
      vault.close();
    }
  });
});
