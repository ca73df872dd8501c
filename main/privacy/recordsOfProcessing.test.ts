import { describe, expect, it } from 'vitest';
import { stationConfigSchema } from '../config/stationConfigSchema';
import { recordsOfProcessing } from './recordsOfProcessing';

describe('records of processing from the live configuration', () => {
  it('names the archive, the KMS key, the retention rules and the integrations actually configured', () => {
    const config = stationConfigSchema.parse({
      station: { tenant: 'bank-a', id: 'teller-3', branch: 'Vilnius 2' },
      storage: { dir: '/var/lib/station' },
      keys: { provider: 'aws-kms', kmsKeyId: 'arn:aws:kms:eu-north-1:111122223333:key/abcd', kmsRegion: 'eu-north-1' },
      sync: { enabled: true, s3Bucket: 'bank-a-signed', s3Region: 'eu-north-1' },
      sftp: { enabled: true, host: 'archive.bank-a.example', username: 'station', hostKeySha256: 'SHA256:x', password: 'p' },
      api: { enabled: true },
      privacy: { retentionDays: 14, retentionByDocumentType: 'loan=3650', storageBudgetMiB: 500, legalRetentionDays: 1826 },
    });
    const { markdown, json } = recordsOfProcessing(config, { now: new Date('2026-05-01T00:00:00Z') });
    expect(markdown).toContain('# Records of processing — bank-a, station teller-3 (Vilnius 2)');
    expect(markdown).toContain('/var/lib/station/vault.sqlite');
    expect(markdown).toContain('S3 bucket bank-a-signed');
    expect(markdown).toContain('client SFTP server archive.bank-a.example:22/');
    expect(markdown).toContain('AWS KMS key arn:aws:kms:eu-north-1:111122223333:key/abcd');
    expect(markdown).toMatch(/then 14 days after upload; by document type: loan: 3650 days after upload/);
    expect(markdown).toContain('beyond 500 MiB');
    expect(markdown).toContain('within 1826 days of signing');
    expect(markdown).toContain('Signing requests received from client systems');
    expect(markdown).not.toContain('"p"');
    expect(json.activities.map((a) => a.data)).toHaveLength(6);

    const plain = recordsOfProcessing(stationConfigSchema.parse({ storage: { dir: '/x' } })).markdown;
    expect(plain).toContain('no archive configured');
    expect(plain).toContain('local key provider');
    expect(plain).not.toContain('Signing requests received');
  });
});
