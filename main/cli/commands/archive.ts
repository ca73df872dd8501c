import type { ArchiveExtendReport } from '../../sync/archiveKeeper';
import { CliError, type CliCommand } from '../cliCommand';
import { parseCommandArgs } from '../parseCommandArgs';
import { auth, authUsage, signIn, withStation } from './privacy';

/**
 * `station archive extend`: the archive keeper (main/sync/archiveKeeper.ts). A supervisor signs in
 * (it opens customers' documents with KMS rights); each renewed document and the run itself go into
 * the audit trail.
 */
const archiveExtend: CliCommand = {
  path: ['archive', 'extend'],
  summary: 'Renew synced documents in S3 whose newest time-stamp certificate expires soon: fresh validation data, a new archive time-stamp, a new version beside the old (supervisor)',
  usage: `[--margin-days N] [--tsa <url>] [--json] ${authUsage}`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...auth, json: { type: 'boolean' }, 'margin-days': { type: 'string' }, tsa: { type: 'string' } }, false);
    return withStation(values.config, io, async (ctx) => {
      const actor = await signIn(ctx, values, 'archive.extend');
      const s3 = ctx.s3();
      if (!s3) throw new CliError('sync.s3Bucket is not set (STATION_SYNC_S3_BUCKET): there is no archive to keep', 78);
      const tsaUrl = values.tsa ?? ctx.config.documents.tsaUrl;
      if (!tsaUrl) throw new CliError('a new archive time-stamp needs a time-stamping authority: --tsa <url> or documents.tsaUrl', 2);
      const marginDays = values['margin-days'] === undefined ? ctx.config.documents.archiveRenewalMarginDays : Number(values['margin-days']);
      if (!Number.isInteger(marginDays) || marginDays < 0) throw new CliError(`--margin-days must be a whole number of days (got ${values['margin-days']})`, 2);
      const { ArchiveKeeperError, extendArchive } = await import('../../sync/archiveKeeper');
      const { unwrapKekWithKms } = await import('../../vault/openEnvelopeAnywhere');
      let report: ArchiveExtendReport;
      try {
        report = await extendArchive({
          s3, sync: ctx.config.sync, prefix: `${ctx.config.station.tenant}/`, marginDays, tsaUrl,
          unwrapKek: (header) => unwrapKekWithKms(header, ctx.config),
          onExtended: (doc) => ctx.audit.append({ actor: actor.username, action: 'archive.extended', recordId: doc.documentId, from: 'cli', details: { key: doc.key, versionId: doc.versionId ?? null, timestampCertificateExpires: doc.timestampCertificateExpires ?? null } }),
        });
      } catch (err) {
        if (err instanceof ArchiveKeeperError) throw new CliError(err.message);
        throw err;
      }
      ctx.audit.append({ actor: actor.username, action: 'archive.checked', from: 'cli', details: { marginDays, checked: report.checked, extended: report.extended, left: report.left, failed: report.failed } });
      if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
      else {
        io.stdout(`archive: ${report.checked} checked, ${report.extended} extended, ${report.left} left alone, ${report.failed} failed (margin ${marginDays} days)\n`);
        for (const d of report.documents) {
          const expires = d.timestampCertificateExpires ? ` (time-stamp certificate until ${d.timestampCertificateExpires.slice(0, 10)})` : '';
          io.stdout(`  ${d.action.padEnd(8)} ${d.documentId}${expires}${d.action === 'extended' ? ` → new version ${d.versionId ?? '?'} of ${d.key}` : `: ${d.reason}`}\n`);
        }
      }
      return report.failed ? 1 : 0;
    });
  },
};

export const archiveCommands: CliCommand[] = [archiveExtend];
