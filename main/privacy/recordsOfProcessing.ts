/**
 * Records of processing (GDPR Art. 30) for the bank's data protection officer, generated from the
 * live configuration (and, when given, the vault's key versions), so that it never describes a
 * station other than this one: what is stored, where, for how long, under which key, who may
 * see it.
 *
 *   recordsOfProcessing(config, { vault? }) → { markdown, json }
 */
import { permissionMatrix, roles } from '../accounts/roles';
import type { StationConfig } from '../config/stationConfigSchema';
import type { Vault } from '../vault/vault';
import { parseRetentionByType } from './retentionPurger';

export interface ProcessingActivity {
  data: string;
  categories: string;
  purpose: string;
  legalBasis: string;
  where: string[];
  retention: string;
  protection: string;
}

export function recordsOfProcessing(config: StationConfig, options: { vault?: Vault; now?: Date } = {}) {
  const p = config.privacy;
  const byType = [...parseRetentionByType(p.retentionByDocumentType)].map(([t, d]) => `${t}: ${d} days after upload`);
  const localFile = `${config.storage.dir}/vault.sqlite (this station, branch ${config.station.branch})`;
  const archive = config.sync.enabled ? `S3 bucket ${config.sync.s3Bucket}${config.sync.s3Endpoint ? ` at ${config.sync.s3Endpoint}` : ''} (region ${config.sync.s3Region}), keys ${config.station.tenant}/YYYY/MM/DD/<document id>.pdf (one envelope each, its description in its header)` : 'no archive configured (sync.enabled is false): documents stay on the station';
  const sftp = config.sftp.enabled ? [`client SFTP server ${config.sftp.host}:${config.sftp.port}${config.sftp.remoteDir}`] : [];
  const key = config.keys.provider === 'aws-kms'
    ? `AWS KMS key ${config.keys.kmsKeyId} (region ${config.keys.kmsRegion}): the tenant key is wrapped by it; each record has its own AES-256-GCM data key`
    : 'local key provider on this station (weaker: the key lives on this machine); each record has its own AES-256-GCM data key';
  const keyVersions = options.vault
    ? options.vault.tenantKeyVersions().map(({ version, provider, key_id, created_at, retired_at }) => ({ version, provider, key_id, created_at, retired_at }))
    : [];
  const documentRetention = [
    `until uploaded to the archive (never removed before), then ${p.retentionDays} days after upload`,
    ...(byType.length ? [`by document type: ${byType.join('; ')}`] : []),
    ...(p.purgeOnArchiveReceipt ? ["at once when the client's own archive confirms receipt"] : []),
    ...(p.storageBudgetMiB ? [`and oldest uploaded first beyond ${p.storageBudgetMiB} MiB`] : []),
    'documents under legal hold are kept until the hold is released',
    ...(p.legalRetentionDays ? [`an erasure request does not remove a document within ${p.legalRetentionDays} days of signing (legal retention duty)`] : []),
    ...(p.legalRetentionByDocumentType ? [`legal retention duty by document type: ${[...parseRetentionByType(p.legalRetentionByDocumentType)].map(([t, d]) => `${t}: ${d} days after signing`).join('; ')}`] : []),
    `checked at start and every ${p.purgeIntervalMinutes} minutes`,
  ].join('; ');
  const activities: ProcessingActivity[] = [
    {
      data: 'Signed documents (PDF with visible signature and PAdES seal)',
      categories: 'customers: name, document content (contracts, identification as the document holds it)',
      purpose: 'evidence of the customer\'s agreement; delivery to the bank\'s archive',
      legalBasis: 'Art. 6(1)(b) contract; Art. 6(1)(c) legal obligation to keep records',
      where: [localFile, archive, ...sftp],
      retention: `station: ${documentRetention}; archive: as agreed with the bank (S3 lifecycle), erased on a data subject request`,
      protection: `encrypted: ${key}`,
    },
    {
      data: 'Handwritten-signature biometrics (pen position, pressure, tilt, timing)',
      categories: 'customers: biometric data (special category, Art. 9)',
      purpose: 'verifying a disputed signature by an examiner holding the escrow key',
      legalBasis: 'Art. 9(2)(a) explicit consent (shown on the customer screen) or 9(2)(f) legal claims',
      where: ['inside the signed PDF, sealed for the escrow holder', localFile, archive],
      retention: 'with the signed document',
      protection: `sealed with the escrow holder's public key (the station cannot open it), then encrypted like the document: ${key}`,
    },
    {
      data: 'Signer details (name, customer number, document type, identification checked)',
      categories: 'customers',
      purpose: 'finding the document, answering data subject requests',
      legalBasis: 'Art. 6(1)(b) contract',
      where: [localFile, `${archive} (as an encrypted .json)`],
      retention: 'with the signed document',
      protection: `encrypted: ${key}`,
    },
    {
      data: 'Audit trail (who did what, to which record, when, from where)',
      categories: 'staff: usernames, desk or address; customers: name or number in encrypted entry details',
      purpose: 'security, accountability, breach investigation (Art. 5(2), 32, 33)',
      legalBasis: 'Art. 6(1)(c) legal obligation; Art. 6(1)(f) legitimate interest in security',
      where: [localFile, config.sync.enabled ? `signed checkpoints in ${archive.split(',')[0]} under ${config.station.tenant}/audit/${config.station.id}/` : 'signed checkpoints stay local (no archive)'],
      retention: 'the entries for the life of the station; personal details of an entry are removed when the person\'s data are erased (the fact stays)',
      protection: `hash chain with Ed25519-signed checkpoints; personal details encrypted: ${key}; subjects found by a keyed hash (HMAC), not stored in clear`,
    },
    {
      data: 'Teller accounts',
      categories: 'staff: username, role, sign-in times, failed attempts',
      purpose: 'access control',
      legalBasis: 'Art. 6(1)(b) employment contract; Art. 6(1)(f) security',
      where: [localFile],
      retention: 'while the account exists; disabled accounts stay so that the audit trail can name them',
      protection: 'passwords and PINs as scrypt hashes only; sign-in throttled after 5 failures',
    },
  ];
  if (config.api.enabled || config.print.enabled) {
    activities.push({
      data: 'Signing requests received from client systems (API, Print to Tab, hot folder)',
      categories: 'customers: the document to be signed and its details',
      purpose: 'presenting the document for signature',
      legalBasis: 'Art. 6(1)(b) contract',
      where: [localFile],
      retention: 'until signed, cancelled or expired; then removed (the signed document follows the rules above)',
      protection: `encrypted: ${key}`,
    });
  }
  const json = {
    format: 'signing-station/records-of-processing/1',
    generatedAt: (options.now ?? new Date()).toISOString(),
    controller: config.station.tenant,
    station: { id: config.station.id, branch: config.station.branch, place: config.station.place },
    activities,
    keys: { provider: config.keys.provider, kmsKeyId: config.keys.kmsKeyId || null, versions: keyVersions },
    roles: permissionMatrix(),
  };
  const lines = [
    `# Records of processing — ${config.station.tenant}, station ${config.station.id} (${config.station.branch})`,
    '',
    `Generated ${json.generatedAt} from this station's live configuration.`,
    '',
    ...activities.flatMap((a) => [
      `## ${a.data}`,
      `- Data subjects and data: ${a.categories}`,
      `- Purpose: ${a.purpose}`,
      `- Legal basis: ${a.legalBasis}`,
      `- Stored: ${a.where.join('; ')}`,
      `- Kept: ${a.retention}`,
      `- Protection: ${a.protection}`,
      '',
    ]),
    '## Keys',
    `- Provider: ${config.keys.provider}${config.keys.kmsKeyId ? ` (${config.keys.kmsKeyId})` : ''}`,
    ...keyVersions.map((k) => `- Tenant key v${k.version}: ${k.provider} ${k.key_id}, created ${k.created_at}${k.retired_at ? `, retired ${k.retired_at}` : ' (active)'}`),
    '',
    '## Who may do what',
    `| action | ${roles.join(' | ')} |`,
    `|---|${roles.map(() => '---').join('|')}|`,
    ...json.roles.map((r) => `| ${r.action} | ${roles.map((role) => (r.allowed[role] ? 'yes' : '—')).join(' | ')} |`),
    '',
  ];
  return { markdown: lines.join('\n'), json };
}
