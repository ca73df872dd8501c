import { accessSync, constants, mkdirSync } from 'node:fs';
import type { StationConfig } from '../config/stationConfigSchema';
import { loadStationSealingCredentials } from '../documents/stationSealingCredentials';
import { openStationVault } from '../vault/openStationVault';
import { formatBytes } from '../vault/diskSpace';
import { measuredBytesForOneDocument } from '../vault/documentSpace';
import { storageStatus } from './storageSpace';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** Works now, but needs attention soon (shown as WARN; the exit code stays 0). */
  warn?: boolean;
  detail: string;
}

/**
 * What the station can find on this machine, for support staff: each check says plainly what was
 * found. Feature areas add their checks here (pen devices, credentials, vault, sync).
 */
export async function stationDoctor(config: StationConfig): Promise<{ checks: DoctorCheck[] }> {
  const checks: DoctorCheck[] = [];
  // Which Node runs the station (bin/station.mjs refuses any other than package.json's engines).
  checks.push({ name: 'node', ok: true, detail: `${process.version} (ABI ${process.versions.modules}) at ${process.execPath}` });
  checks.push({ name: 'config', ok: true, detail: `tenant ${config.station.tenant}, branch ${config.station.branch}, station ${config.station.id}` });
  try {
    mkdirSync(config.storage.dir, { recursive: true, mode: 0o700 });
    accessSync(config.storage.dir, constants.W_OK);
    checks.push({ name: 'storage', ok: true, detail: `${config.storage.dir} (writable)` });
    checks.push(spaceCheck(config));
  } catch (err) {
    checks.push({ name: 'storage', ok: false, detail: `${config.storage.dir}: ${(err as Error).message}` });
  }
  checks.push(await penCheck(config));
  checks.push(await vaultCheck(config));
  checks.push(credentialsCheck(config));
  checks.push(await syncCheck(config));
  return { checks };
}

/** Free space of the storage folder against one document (FAIL) and the margin, about a day of signings (WARN). */
function spaceCheck(config: StationConfig): DoctorCheck {
  const s = storageStatus({ dir: config.storage.dir, marginBytes: config.storage.freeSpaceMarginMB * 1024 * 1024, oneDocumentBytes: measuredBytesForOneDocument, heldAuditEntries: 0 });
  const margin = `margin ${formatBytes(s.marginBytes)} (storage.freeSpaceMarginMB), one signed document about ${formatBytes(s.oneDocumentBytes)}`;
  if (s.level === 'ok') return { name: 'free space', ok: true, detail: `${formatBytes(s.freeBytes)} free in ${s.dir}; ${margin}` };
  return { name: 'free space', ok: s.level !== 'full', warn: s.level === 'low', detail: `${s.message} (${margin})` };
}

async function penCheck(config: StationConfig): Promise<DoctorCheck> {
  if (config.pen.simulate) return { name: 'pen', ok: true, detail: 'simulated pen (pen.simulate is on)' };
  try {
    const hid = (await import('node-hid')).default;
    const devices = (await hid.devicesAsync()).filter((d) => d.usagePage === 0x0d || d.usagePage === 0xff0d || d.vendorId === 0x056a);
    if (devices.length === 0) return { name: 'pen', ok: true, detail: 'no pen device found: the simulated pen will be used' };
    return { name: 'pen', ok: true, detail: devices.map((d) => `${d.product ?? 'device'} ${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`).join('; ') };
  } catch (err) {
    return { name: 'pen', ok: true, detail: `HID not available (${(err as Error).message}): the simulated pen will be used` };
  }
}

async function vaultCheck(config: StationConfig): Promise<DoctorCheck> {
  try {
    const vault = await openStationVault(config);
    try {
      const check = await vault.check();
      const counts = Object.entries(check.status.counts).filter(([, n]) => n > 0).map(([state, n]) => `${n} ${state}`).join(', ') || 'empty';
      return { name: 'vault', ok: check.problems.length === 0, detail: check.problems.length ? check.problems.join('; ') : `integrity ok, keys ok (${config.keys.provider}); ${counts}` };
    } finally {
      vault.close();
    }
  } catch (err) {
    return { name: 'vault', ok: false, detail: (err as Error).message };
  }
}

function credentialsCheck(config: StationConfig): DoctorCheck {
  try {
    const c = loadStationSealingCredentials(config);
    const demo = c.sealer.demo || c.escrowIsDemo;
    return { name: 'seal', ok: true, detail: demo ? `DEMO credentials — not for production. ${c.notices.join(' ')}` : `sealing key ${c.sealer.description}; escrow key configured` };
  } catch (err) {
    return { name: 'seal', ok: false, detail: (err as Error).message };
  }
}

async function syncCheck(config: StationConfig): Promise<DoctorCheck> {
  if (!config.sync.enabled) return { name: 'sync', ok: true, detail: 'off (documents stay in the local encrypted queue)' };
  const endpoint = config.sync.s3Endpoint || `https://s3.${config.sync.s3Region}.amazonaws.com`;
  try {
    const controller = AbortSignal.timeout(5000);
    const res = await fetch(endpoint, { method: 'HEAD', signal: controller });
    return { name: 'sync', ok: true, detail: `${endpoint} reachable (HTTP ${res.status}), bucket ${config.sync.s3Bucket}` };
  } catch (err) {
    return { name: 'sync', ok: false, detail: `${endpoint} not reachable: ${(err as Error).message}` };
  }
}
