import { GetBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3';
import { X509Certificate } from 'node:crypto';
import type { StationConfig } from '../config/stationConfigSchema';
import { extendPdf } from '../documents/extendPdf';
import { openPdfModel } from '../documents/pdfDocumentModel';
import { pdfSignaturesOf } from '../documents/pdfSignatures';
import { createS3ArchiveStore } from '../privacy/archiveStore';
import { decodeEnvelope, envelopeContentType, openEnvelope, resealEnvelope, type EnvelopeHeader } from '../vault/portableEnvelope';
import { documentKinds } from '../vault/vault';
import { legacyMetadataKey, type ArchivedDocumentMetadata } from './archiveObject';
import { readArchivedDocument } from './archivedDocumentReader';
import { uploadOnce } from './s3Uploader';

/**
 * The archive keeper (`station archive extend`): an archive time-stamp protects a B-LTA document
 * only while its TSA certificate is valid, so before that certificate expires the document needs
 * fresh validation data and a new archive time-stamp (ETSI EN 319 142-1, 5.5). For every synced
 * document under the tenant's prefix whose newest time-stamp certificate expires within the margin:
 * open the envelope with KMS rights, extendPdf to B-LTA, re-seal under the same tenant key version,
 * and upload it as a new version of the same key (its description, in the header, goes along; an
 * older station's `.json` beside it is renewed after it). The bucket must keep
 * versions: the old one stays, so nothing the bank archived is ever replaced.
 */
export interface ArchiveKeeperOptions {
  s3: S3Client;
  sync: Pick<StationConfig['sync'], 's3Bucket' | 's3SseKmsKeyId'>;
  /** Key prefix of the tenant's documents ("bank-a/"). */
  prefix: string;
  marginDays: number;
  tsaUrl: string;
  /** The envelope's key-encryption key (unwrapKekWithKms: KMS Decrypt rights on the client's key). */
  unwrapKek: (header: EnvelopeHeader) => Promise<Buffer>;
  now?: Date;
  /** Called after each new version is uploaded (the CLI audits it there, one entry per document). */
  onExtended?: (doc: ArchiveDocumentOutcome) => void;
}

export interface ArchiveDocumentOutcome {
  key: string;
  documentId: string;
  action: 'extended' | 'left' | 'failed';
  /** When the newest time-stamp's certificate (the TSA's) stops being valid, before the run. */
  timestampCertificateExpires?: string;
  reason?: string;
  /** The S3 version id of the new envelope. */
  versionId?: string;
  steps?: string[];
}

export interface ArchiveExtendReport {
  marginDays: number;
  checked: number;
  extended: number;
  left: number;
  failed: number;
  documents: ArchiveDocumentOutcome[];
}

export class ArchiveKeeperError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveKeeperError';
  }
}

/** Expiry of the TSA certificate of the newest time-stamp in the PDF; undefined if it has none. */
export async function newestTimestampCertificateExpiry(pdf: Uint8Array): Promise<Date | undefined> {
  const tokens = pdfSignaturesOf(await openPdfModel(pdf)).map((s) => s.timestamp).filter((t) => t?.signer);
  const newest = tokens.sort((a, b) => b!.genTime.getTime() - a!.genTime.getTime())[0];
  return newest ? new Date(new X509Certificate(newest.signer!).validTo) : undefined;
}

export async function extendArchive(opts: ArchiveKeeperOptions): Promise<ArchiveExtendReport> {
  const { s3 } = opts;
  const bucket = opts.sync.s3Bucket;
  const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  if (versioning.Status !== 'Enabled') {
    throw new ArchiveKeeperError(`bucket ${bucket} does not keep versions (versioning ${versioning.Status ?? 'never enabled'}): a renewal would replace the archived document; enable versioning first`);
  }
  const store = createS3ArchiveStore(s3, bucket);
  const deadline = (opts.now ?? new Date()).getTime() + opts.marginDays * 86_400_000;
  const report: ArchiveExtendReport = { marginDays: opts.marginDays, checked: 0, extended: 0, left: 0, failed: 0, documents: [] };
  const put = (key: string, body: Buffer, contentType: string) =>
    uploadOnce(s3, { bucket, key, body, contentType, newVersion: true, sseKmsKeyId: opts.sync.s3SseKmsKeyId || undefined });

  for (const key of (await store.list(opts.prefix)).filter((k) => k.endsWith('.pdf')).sort()) {
    const bytes = await store.get(key);
    if (!bytes) continue;
    let header: EnvelopeHeader;
    try {
      header = decodeEnvelope(bytes).header;
    } catch {
      continue; // not one of our envelopes: not ours to renew
    }
    if (header.kind !== documentKinds.pdf) continue;
    report.checked++;
    const doc: ArchiveDocumentOutcome = { key, documentId: header.id, action: 'left' };
    report.documents.push(doc);
    let kek: Buffer | undefined;
    try {
      const opened = await openEnvelope(bytes, async (h) => (kek = await opts.unwrapKek(h)));
      const expires = await newestTimestampCertificateExpiry(opened.plaintext);
      doc.timestampCertificateExpires = expires?.toISOString();
      if (!expires) {
        doc.reason = 'no time-stamp in the document (below B-T): nothing to renew';
      } else if (expires.getTime() > deadline) {
        doc.reason = `time-stamp certificate valid beyond the ${opts.marginDays}-day margin`;
      } else {
        const extended = await extendPdf(opened.plaintext, { level: 'B-LTA', tsaUrl: opts.tsaUrl });
        const renewedAt = new Date().toISOString();
        const described = await readArchivedDocument(store, key, bytes);
        // One-object shape: the description travels in the header (resealed with it), renewal noted there.
        const section = described?.shape === 'one-object' ? { ...described.metadata!, archiveRenewedAt: renewedAt } : undefined;
        const envelope = resealEnvelope(section ? ({ ...opened.header, document: section } as EnvelopeHeader) : opened.header, kek!, extended.pdf);
        const up = await put(key, envelope, envelopeContentType);
        // An older station's two-object shape: the document first, then its metadata (as it wrote
        // them), so the metadata always points at a present document.
        if (described?.shape === 'two-objects' && described.metadata) {
          const m = described.metadata as ArchivedDocumentMetadata & { object?: Record<string, unknown> };
          m.object = { ...m.object, sha256: up.sha256, bytes: envelope.length };
          m.archiveRenewedAt = renewedAt;
          await put(legacyMetadataKey(key), Buffer.from(JSON.stringify(m, null, 2)), 'application/json');
        }
        Object.assign(doc, { action: 'extended', versionId: up.versionId, steps: extended.steps, reason: `time-stamp certificate expires within ${opts.marginDays} days` });
        report.extended++;
        opts.onExtended?.(doc);
        continue;
      }
      report.left++;
    } catch (err) {
      // One document that cannot be renewed (TSA down, key refused) does not stop the others; the old version stays.
      Object.assign(doc, { action: 'failed', reason: `${(err as Error).name}: ${(err as Error).message}` });
      report.failed++;
    } finally {
      kek?.fill(0);
    }
  }
  return report;
}
