import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../parseCommandArgs';
import { loadConfigOrFail } from './station';
import { openStationVault } from '../../vault/openStationVault';
import { VaultError } from '../../vault/vaultErrors';
import type { LogFields, LogWriter } from '../../logging/logger';
import type { Vault } from '../../vault/vault';

/** CLI log: warnings and errors to stderr, ids and counts only. */
function cliLog(io: CliIo): LogWriter {
  const line = (level: string) => (message: string, fields?: LogFields) =>
    io.stderr(`${level}: ${message}${fields ? ' ' + JSON.stringify(fields) : ''}\n`);
  return { info: () => {}, warn: line('warning'), error: line('error') };
}

async function withVault<T>(configFile: string | undefined, io: CliIo, fn: (vault: Vault, config: ReturnType<typeof loadConfigOrFail>['config']) => Promise<T>): Promise<T> {
  const { config } = loadConfigOrFail(configFile, io);
  let vault: Vault;
  try {
    vault = await openStationVault(config, { log: cliLog(io) });
  } catch (err) {
    if (err instanceof VaultError) throw new CliError(err.message);
    throw err;
  }
  try {
    return await fn(vault, config);
  } finally {
    vault.close();
  }
}

const queueStatus: CliCommand = {
  path: ['queue', 'status'],
  summary: 'Documents in the vault by state, bytes waiting, oldest waiting',
  usage: '[--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, config: { type: 'string' } }, false);
    return withVault(values.config, io, async (vault) => {
      const s = vault.queueStatus();
      if (values.json) {
        io.stdout(JSON.stringify(s) + '\n');
        return 0;
      }
      io.stdout(`tenant ${s.tenant}\n`);
      for (const [state, n] of Object.entries(s.counts)) if (n) io.stdout(`  ${state.padEnd(12)} ${n}\n`);
      io.stdout(`  waiting      ${(s.bytesWaiting / 1024).toFixed(1)} KiB; stored ${(s.bytesStored / 1024).toFixed(1)} KiB\n`);
      if (s.oldestWaiting) io.stdout(`  oldest waiting: ${s.oldestWaiting.id} since ${s.oldestWaiting.since} (${Math.round(s.oldestWaiting.ageSeconds / 60)} min)\n`);
      if (s.lastError) io.stdout(`  last error (${s.failing} failing): ${s.lastError}\n`);
      return 0;
    });
  },
};

const syncOnce: CliCommand = {
  path: ['sync'],
  summary: 'Upload the queue to S3 now (--once: one run, exit 1 if anything is left or failed)',
  usage: '--once [--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { once: { type: 'boolean' }, json: { type: 'boolean' }, config: { type: 'string' } }, false);
    if (!values.once) throw new CliError('only `station sync --once` is available from the command line (the app syncs continuously)', 2);
    return withVault(values.config, io, async (vault, config) => {
      if (!config.sync.s3Bucket) throw new CliError('sync.s3Bucket is not set (STATION_SYNC_S3_BUCKET)', 78);
      // The S3 client (and the sealing code the sync may call) loads here, not when `queue status` starts.
      const { createSyncService } = await import('../../sync/syncService');
      const sync = createSyncService({ vault, config, log: cliLog(io) });
      const r = await sync.syncOnce();
      if (values.json) io.stdout(JSON.stringify(r) + '\n');
      else {
        io.stdout(`${r.online ? 'online' : 'OFFLINE'}: ${r.uploaded} uploaded, ${r.alreadyPresent} already present, ${r.failed} failed, ${r.remaining} waiting\n`);
        for (const e of r.errors.slice(0, 20)) io.stderr(`  ${e}\n`);
      }
      return r.online && r.failed === 0 && r.remaining === 0 ? 0 : 1;
    });
  },
};

const vaultCheck: CliCommand = {
  path: ['vault', 'check'],
  summary: 'Check the vault: integrity, key health (provider unwraps every tenant key), counts',
  usage: '[--json] [--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, config: { type: 'string' } }, false);
    return withVault(values.config, io, async (vault) => {
      const c = await vault.check();
      if (values.json) io.stdout(JSON.stringify(c) + '\n');
      else {
        io.stdout(`integrity: ${c.integrity}\n`);
        io.stdout(`keys: ${c.keys.provider} ${c.keys.keyId} (${c.keys.health}); offline copy protected by ${c.keys.protector}${c.keys.weakerProtector ? ' — WEAKER fallback, no OS keystore' : ''}\n`);
        for (const v of c.keys.versions) io.stdout(`  tenant key v${v.version}: ${v.ok ? 'ok' : 'PROBLEM'} (${v.detail})\n`);
        io.stdout(`documents: ${Object.entries(c.status.counts).filter(([, n]) => n).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}\n`);
        for (const p of c.problems) io.stdout(`problem: ${p}\n`);
        io.stdout(c.ok ? 'vault ok\n' : 'vault has problems\n');
      }
      return c.ok ? 0 : 1;
    });
  },
};

const vaultOpen: CliCommand = {
  path: ['vault', 'open'],
  summary: 'Decrypt an envelope (file or s3://bucket/key) with KMS, as a connected application would',
  usage: '<file | s3://bucket/key> --out <file> [--config file]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' }, config: { type: 'string' } });
    if (!positionals[0]) throw new CliError('missing the envelope: a file or s3://bucket/key', 2);
    if (!values.out) throw new CliError('missing --out <file>', 2);
    const { config } = loadConfigOrFail(values.config, io);
    const source = positionals[0].startsWith('s3://') ? positionals[0] : resolve(io.cwd, positionals[0]);
    let opened;
    try {
      const { openEnvelopeWithKms, readEnvelopeSource } = await import('../../vault/openEnvelopeAnywhere');
      opened = await openEnvelopeWithKms(await readEnvelopeSource(source, config), config);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (err instanceof VaultError) throw new CliError(err.message);
      if (e.code === 'ENOENT') throw new CliError(`no such file: ${positionals[0]}`);
      throw new CliError(`cannot read ${positionals[0]}: ${e.name}: ${e.message}`);
    }
    await writeFile(resolve(io.cwd, values.out), opened.plaintext, { mode: 0o600 });
    io.stdout(`${opened.header.kind} ${opened.header.id} (tenant ${opened.header.tenant}, ${opened.plaintext.length} bytes, ${opened.header.contentType}) → ${values.out}\n`);
    return 0;
  },
};

const rotateKey: CliCommand = {
  path: ['vault', 'rotate-key'],
  summary: 'Make a new tenant key version now (needs the key service); older records stay readable',
  usage: '[--config file]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string' } }, false);
    return withVault(values.config, io, async (vault) => {
      try {
        const version = await vault.rotateTenantKey();
        io.stdout(`tenant ${vault.tenant}: new key version ${version}\n`);
        return 0;
      } catch (err) {
        if (err instanceof VaultError) throw new CliError(err.message);
        throw err;
      }
    });
  },
};

export const vaultCommands: CliCommand[] = [queueStatus, syncOnce, vaultCheck, vaultOpen, rotateKey];
