import type { S3Client } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAccountService, AccountError, type AccountService } from '../../accounts/accountService';
import { AccessDeniedError, isRole, requirePermission, type Action, type Actor } from '../../accounts/roles';
import type { StationConfig } from '../../config/stationConfigSchema';
import type { ArchiveStore } from '../../privacy/archiveStore';
import { exportAuditPeriod } from '../../privacy/auditPeriodExport';
import { createAuditTrail, type AuditTrail } from '../../privacy/auditTrail';
import { gdprErase } from '../../privacy/gdprErase';
import { gdprExport } from '../../privacy/gdprExport';
import { recordsOfProcessing } from '../../privacy/recordsOfProcessing';
import { createRetentionPurger } from '../../privacy/retentionPurger';
import { silentLogger } from '../../logging/logger';
import { openStationVault } from '../../vault/openStationVault';
import type { Vault } from '../../vault/vault';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../parseCommandArgs';
import { loadConfigOrFail } from './station';

/**
 * Privacy and access commands. Every command that touches personal data or accounts signs in first:
 * `--user <name> --secret-file <file|->` (the password or PIN, from a file or stdin — never on the
 * command line, where other users and shell history would see it). The sign-in and the action are
 * audited; a role that may not do something gets exit code 77 and one line saying so.
 * The very first account (an administrator) may be added without signing in.
 */
export const auth = {
  config: { type: 'string' },
  user: { type: 'string' },
  'secret-file': { type: 'string' },
} as const;
let stdinUsed = false;
export const authUsage = '--user <name> --secret-file <file|-> [--config file]';

export interface Context {
  config: StationConfig;
  vault: Vault;
  audit: AuditTrail;
  accounts: AccountService;
  archive?: ArchiveStore;
  /** The S3 client of the archive (one per command, closed at its end); undefined without sync.s3Bucket. */
  s3(): S3Client | undefined;
}

export async function withStation<T>(configFile: string | undefined, io: CliIo, fn: (ctx: Context) => Promise<T>): Promise<T> {
  stdinUsed = false;
  const { config } = loadConfigOrFail(configFile, io);
  const vault = await openStationVault(config).catch((err: Error) => {
    throw new CliError(`cannot open the vault in ${config.storage.dir}: ${err.message}`);
  });
  try {
    const audit = createAuditTrail(vault, { log: silentLogger });
    const stop = audit.followVault();
    const accounts = createAccountService(vault, { log: silentLogger, audit });
    // The AWS SDK loads only where an archive is configured: `user add` on a station without S3 does not pay for it.
    const aws = config.sync.s3Bucket
      ? { ...(await import('../../sync/s3ClientFactory')), ...(await import('../../privacy/archiveStore')) }
      : undefined;
    let client: S3Client | undefined;
    // Created on first use and destroyed at the end: kept-alive sockets must not hold the process open.
    const s3 = () => (aws ? (client ??= aws.createS3Client(config.sync)) : undefined);
    const archive: ArchiveStore | undefined = aws ? lazyArchive(() => aws.createS3ArchiveStore(s3()!, config.sync.s3Bucket)) : undefined;
    try {
      return await fn({ config, vault, audit, accounts, archive, s3 });
    } finally {
      stop();
      client?.destroy();
    }
  } catch (err) {
    if (err instanceof AccessDeniedError) throw new CliError(`refused: ${err.message}`, 77);
    if (err instanceof AccountError || err instanceof RangeError || err instanceof TypeError) throw new CliError(err.message, 2);
    throw err;
  } finally {
    vault.close();
  }
}

function lazyArchive(make: () => ArchiveStore): ArchiveStore {
  let store: ArchiveStore | undefined;
  const get = () => (store ??= make());
  return {
    versions: (key) => get().versions(key),
    get: (key) => get().get(key),
    getStart: (key, bytes) => get().getStart(key, bytes),
    erase: (key) => get().erase(key),
    list: (prefix) => get().list(prefix),
  };
}

function readSecret(file: string | undefined, what = '--secret-file'): string {
  if (file === '-' && stdinUsed) throw new CliError(`${what}: stdin was already read for another secret; give a file`, 2);
  if (file === '-') stdinUsed = true;
  if (!file) throw new CliError(`${what} is required (a file holding the password or PIN, or - for stdin)`, 2);
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : resolve(file), 'utf8');
  } catch (err) {
    throw new CliError(`${what}: cannot read ${file}: ${(err as Error).message}`, 2);
  }
  return text.replace(/\r?\n$/, '');
}

/** Signs in and checks the action; refusals are exit code 77 with one line. */
export async function signIn(ctx: Context, values: { user?: string; 'secret-file'?: string }, action: Action): Promise<Actor> {
  if (!values.user) throw new CliError('--user is required: sign in as a station account', 2);
  const result = await ctx.accounts.signIn(values.user, readSecret(values['secret-file']), 'cli');
  if (!result.ok) {
    if (result.reason === 'throttled') throw new CliError(`sign-in refused: too many failed attempts, try again in ${result.retryAfterSeconds} s`, 77);
    throw new CliError('sign-in refused: wrong username or secret, or the account is disabled', 77);
  }
  requirePermission(result.account, action);
  return result.account;
}

function print(io: CliIo, json: boolean, value: unknown, text: () => string): void {
  io.stdout(json ? JSON.stringify(value, null, 2) + '\n' : text());
}

const auditVerify: CliCommand = {
  path: ['audit', 'verify'],
  summary: 'Verify the audit trail (hash chain and signed checkpoints); says which entry was edited, removed or reordered',
  usage: `${authUsage} [--against-archive] [--trusted-key <key id>]... [--json]`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, json: { type: 'boolean' }, 'trusted-key': { type: 'string', multiple: true }, 'against-archive': { type: 'boolean' } }, false);
    return withStation(values.config, io, async (ctx) => {
      await signIn(ctx, values, 'audit.verify');
      let archived;
      if (values['against-archive']) {
        if (!ctx.config.sync.s3Bucket) throw new CliError('--against-archive needs the S3 archive configured (sync.s3Bucket)', 2);
        const { fetchArchivedCheckpoints } = await import('../../privacy/auditCheckpointArchive');
        archived = await fetchArchivedCheckpoints(ctx.s3()!, ctx.config.sync.s3Bucket, ctx.config.station.tenant, ctx.config.station.id).catch((err: Error) => {
          throw new CliError(`cannot read the archived checkpoints: ${err.name}: ${err.message}`);
        });
      }
      const result = ctx.audit.verify({ trustedKeys: values['trusted-key'], archived });
      print(io, Boolean(values.json), result, () => result.ok
        ? `audit trail OK: ${result.reason}${result.erasedPayloads ? ` (${result.erasedPayloads} entries' personal details erased on request)` : ''}\n`
        : `AUDIT TRAIL BROKEN${result.brokenAt === undefined ? '' : ` at entry ${result.brokenAt}`} (${result.problem}): ${result.reason}\n`);
      return result.ok ? 0 : 1;
    });
  },
};

const auditCheckpoint: CliCommand = {
  path: ['audit', 'checkpoint'],
  summary: 'Sign the audit trail\'s head now and, with --upload, copy unsent checkpoints to the S3 archive',
  usage: `[--upload] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, upload: { type: 'boolean' } }, false);
    return withStation(values.config, io, async (ctx) => {
      await signIn(ctx, values, 'audit.verify');
      const c = ctx.audit.checkpoint();
      io.stdout(c ? `checkpoint at entry ${c.seq} signed by key ${c.key_id}\n` : 'the audit trail is empty\n');
      if (values.upload) {
        if (!ctx.config.sync.s3Bucket) throw new CliError('--upload needs the S3 archive configured (sync.s3Bucket)', 2);
        const { uploadAuditCheckpoints } = await import('../../privacy/auditCheckpointArchive');
        const n = await uploadAuditCheckpoints(ctx.audit, ctx.s3()!, ctx.config.sync.s3Bucket, { checkpointHead: false }).catch((err: Error) => {
          throw new CliError(`the archive refused the checkpoints (${err.name}: ${err.message}); they stay queued`);
        });
        io.stdout(`${n} checkpoints uploaded to s3://${ctx.config.sync.s3Bucket}/${ctx.config.station.tenant}/audit/${ctx.config.station.id}/\n`);
      }
      return 0;
    });
  },
};

const auditExport: CliCommand = {
  path: ['audit', 'export'],
  summary: 'Export the audit trail, sign-ins, devices and sync history of a period (breach investigation)',
  usage: `--from <date> --to <date> --out <file.json> [--personal-data] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'personal-data': { type: 'boolean' } }, false);
    if (!values.from || !values.to || !values.out) throw new CliError('--from, --to and --out are required', 2);
    if (existsSync(values.out)) throw new CliError(`${values.out} exists already: choose a new file`, 2);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'audit.export');
      const out = exportAuditPeriod({ vault: ctx.vault, audit: ctx.audit, actor, from: new Date(values.from!), to: new Date(values.to!), includePersonalData: values['personal-data'] });
      writeFileSync(values.out!, JSON.stringify(out, null, 2), { mode: 0o600 });
      io.stdout(`${out.entries.length} entries from ${out.period.from} to ${out.period.to} written to ${values.out}; trail ${out.verification.ok ? 'verifies' : `BROKEN at entry ${out.verification.brokenAt}: ${out.verification.reason}`}\n`);
      return out.verification.ok ? 0 : 1;
    });
  },
};

const gdprExportCommand: CliCommand = {
  path: ['gdpr', 'export'],
  summary: 'Right of access: everything held about a person (PDFs, JSON, index page), locally and in S3',
  usage: `--subject <name or customer number> --out <new folder> [--zip] [--scan-archive] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, subject: { type: 'string' }, out: { type: 'string' }, zip: { type: 'boolean' }, 'scan-archive': { type: 'boolean' } }, false);
    if (!values.subject || !values.out) throw new CliError('--subject and --out are required', 2);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'gdpr.export');
      const summary = await gdprExport({ vault: ctx.vault, audit: ctx.audit, archive: ctx.archive, actor, subject: values.subject!, from: 'cli', outDir: resolve(values.out!), zip: values.zip, scanArchive: values['scan-archive'] }).catch((err: Error) => {
        if (/not empty|scanning the archive needs/.test(err.message)) throw new CliError(err.message, 2);
        throw err;
      });
      io.stdout(`${summary.documents} documents (${summary.pdfs} PDFs) and ${summary.auditEntries} audit entries exported to ${summary.outDir}; open index.html\n`);
      if (summary.zipFile) io.stdout(`the same as one file: ${summary.zipFile}\n`);
      if (summary.unavailable.length) io.stdout(`not available: ${summary.unavailable.join(', ')} (see index.html)\n`);
      return 0;
    });
  },
};

const gdprEraseCommand: CliCommand = {
  path: ['gdpr', 'erase'],
  summary: 'Right to erasure: remove a person\'s documents locally and in S3 (all versions), unless a hold or duty applies',
  usage: `--subject <name or customer number> [--scan-archive [--include-other-stations]] [--dry-run] [--json] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, subject: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'scan-archive': { type: 'boolean' }, 'include-other-stations': { type: 'boolean' } }, false);
    if (values['include-other-stations'] && !values['scan-archive']) throw new CliError('--include-other-stations goes with --scan-archive', 2);
    if (!values.subject) throw new CliError('--subject is required', 2);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'gdpr.erase');
      const report = await gdprErase({ vault: ctx.vault, audit: ctx.audit, archive: ctx.archive, actor, subject: values.subject!, from: 'cli', legalRetentionDays: ctx.config.privacy.legalRetentionDays, legalRetentionByDocumentType: ctx.config.privacy.legalRetentionByDocumentType, dryRun: values['dry-run'], scanArchive: values['scan-archive'], includeOtherStations: values['include-other-stations'] }).catch((err: Error) => {
        if (/scanning the archive needs/.test(err.message)) throw new CliError(err.message, 2);
        throw err;
      });
      print(io, Boolean(values.json), report, () => [
        `${report.dryRun ? 'Would erase' : 'Erased'} ${report.erased.length} documents${report.erased.length ? ': ' + report.erased.map((e) => `${e.documentId} (${e.local}; ${e.archiveVersions} archive versions)`).join(', ') : ''}`,
        ...(report.archiveScan ? [`Archive scan: ${report.archiveScan.scanned} documents read, ${report.archiveScan.found} about this person${report.archiveScan.unreadable ? `, ${report.archiveScan.unreadable} could not be opened with this station's keys` : ''}`] : []),
        ...report.kept.map((k) => `Kept ${k.documentId}: ${k.why}`),
        ...report.failed.map((f) => `NOT erased ${f.documentId}: ${f.error}`),
        `Personal details removed from ${report.auditPayloadsErased} audit entries${report.auditEntry ? `; recorded as audit entry ${report.auditEntry}` : ''}`,
        ...(report.dryRun || report.walTruncated ? [] : ['Warning: another process holds the database open; old pages leave the WAL when it closes']),
        '',
      ].join('\n'));
      return report.failed.length ? 1 : 0;
    });
  },
};

const privacyRecords: CliCommand = {
  path: ['privacy', 'records'],
  summary: 'Records of processing (Art. 30) generated from the live configuration, for the data protection officer',
  usage: `[--json] [--out file] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, json: { type: 'boolean' }, out: { type: 'string' } }, false);
    return withStation(values.config, io, async (ctx) => {
      await signIn(ctx, values, 'records.view');
      const records = recordsOfProcessing(ctx.config, { vault: ctx.vault });
      const text = values.json ? JSON.stringify(records.json, null, 2) + '\n' : records.markdown;
      if (values.out) {
        writeFileSync(values.out, text);
        io.stdout(`written to ${values.out}\n`);
      } else io.stdout(text);
      return 0;
    });
  },
};

const privacyPurge: CliCommand = {
  path: ['privacy', 'purge'],
  summary: 'Run the retention purge now (synced documents past their retention or over the storage budget)',
  usage: `[--json] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, json: { type: 'boolean' } }, false);
    return withStation(values.config, io, async (ctx) => {
      await signIn(ctx, values, 'retention.run');
      const report = createRetentionPurger({ vault: ctx.vault, config: ctx.config, audit: ctx.audit }).runOnce();
      print(io, Boolean(values.json), report, () => `${report.purged.length} documents purged${report.purged.map((p) => `\n  ${p.documentId}: ${p.reason}`).join('')}\n${report.waitingForSync ? `${report.waitingForSync} documents over the budget wait for sync (never purged before)\n` : ''}`);
      return 0;
    });
  },
};

const privacyHold: CliCommand = {
  path: ['privacy', 'hold'],
  summary: 'Put a synced document under legal hold (kept whatever retention or erasure says), or --release it',
  usage: `--document <id> [--release] [--reason <text>] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, document: { type: 'string' }, release: { type: 'boolean' }, reason: { type: 'string' } }, false);
    if (!values.document) throw new CliError('--document is required', 2);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'document.hold');
      const reason = `${values.release ? 'hold released' : 'legal hold'} by ${actor.username}${values.reason ? `: ${values.reason.slice(0, 200)}` : ''}`;
      try {
        const row = values.release ? ctx.vault.releaseDocument(values.document!, reason) : ctx.vault.keepDocument(values.document!, reason);
        io.stdout(`document ${row.id} is now ${row.state}\n`);
      } catch (err) {
        throw new CliError((err as Error).message, 2);
      }
      return 0;
    });
  },
};

const userAdd: CliCommand = {
  path: ['user', 'add'],
  summary: 'Add a station account (the first one, an administrator, needs no sign-in)',
  usage: `--username <name> --role teller|supervisor|administrator --new-secret-file <file|-> [--pin] [${authUsage}]`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, username: { type: 'string' }, role: { type: 'string' }, 'new-secret-file': { type: 'string' }, pin: { type: 'boolean' } }, false);
    if (!values.username || !values.role) throw new CliError('--username and --role are required', 2);
    if (!isRole(values.role)) throw new CliError(`--role must be teller, supervisor or administrator (got '${values.role}')`, 2);
    return withStation(values.config, io, async (ctx) => {
      if (ctx.accounts.count() > 0 && !values.user) throw new CliError('refused: accounts exist already; sign in as an administrator (--user, --secret-file) to add one', 77);
      const actor = ctx.accounts.count() === 0 && !values.user ? 'bootstrap' : await signIn(ctx, values, 'user.manage');
      const secret = readSecret(values['new-secret-file'], '--new-secret-file');
      const added = await ctx.accounts.addAccount(actor, { username: values.username!, role: values.role as Actor['role'], secret, secretKind: values.pin ? 'pin' : 'password', from: 'cli' });
      io.stdout(`account ${added.username} (${added.role}) added\n`);
      return 0;
    });
  },
};

const userList: CliCommand = {
  path: ['user', 'list'],
  summary: 'List station accounts (administrators)',
  usage: `[--json] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, json: { type: 'boolean' } }, false);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'user.manage');
      const list = ctx.accounts.listAccounts(actor);
      print(io, Boolean(values.json), list, () => list.map((a) => `${a.username.padEnd(24)} ${a.role.padEnd(14)} ${a.secretKind.padEnd(9)} ${a.disabledAt ? `disabled ${a.disabledAt}` : `last sign-in ${a.lastSignInAt ?? 'never'}`}\n`).join(''));
      return 0;
    });
  },
};

const userDisable: CliCommand = {
  path: ['user', 'disable'],
  summary: 'Disable an account (it can no longer sign in; the audit trail still names it)',
  usage: `--username <name> ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, username: { type: 'string' } }, false);
    if (!values.username) throw new CliError('--username is required', 2);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'user.manage');
      ctx.accounts.disableAccount(actor, values.username!, 'cli');
      io.stdout(`account ${values.username} disabled\n`);
      return 0;
    });
  },
};

const userPasswd: CliCommand = {
  path: ['user', 'passwd'],
  summary: 'Change a password or PIN (your own, or anyone\'s as an administrator)',
  usage: `--username <name> --new-secret-file <file|-> [--pin] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, username: { type: 'string' }, 'new-secret-file': { type: 'string' }, pin: { type: 'boolean' } }, false);
    if (!values.username) throw new CliError('--username is required', 2);
    return withStation(values.config, io, async (ctx) => {
      if (!values.user) throw new CliError('--user is required: sign in as a station account', 2);
      const result = await ctx.accounts.signIn(values.user, readSecret(values['secret-file']), 'cli');
      if (!result.ok) throw new CliError(result.reason === 'throttled' ? `sign-in refused: too many failed attempts, try again in ${result.retryAfterSeconds} s` : 'sign-in refused: wrong username or secret, or the account is disabled', 77);
      await ctx.accounts.changeSecret(result.account, values.username!, readSecret(values['new-secret-file'], '--new-secret-file'), values.pin ? 'pin' : undefined, 'cli');
      io.stdout(`secret of ${values.username} changed\n`);
      return 0;
    });
  },
};

export const privacyCommands: CliCommand[] = [auditVerify, auditCheckpoint, auditExport, gdprExportCommand, gdprEraseCommand, privacyRecords, privacyPurge, privacyHold, userAdd, userList, userDisable, userPasswd];
