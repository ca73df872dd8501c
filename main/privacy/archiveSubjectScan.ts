import { openEnvelope, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { Vault } from '../vault/vault';
import { readArchivedDocument } from '../sync/archivedDocumentReader';
import type { ArchiveStore } from './archiveStore';
import { mentions } from './subjectRecords';
import { normaliseSubject } from './subjectTag';

/**
 * Finds a data subject's documents in the S3 archive itself, for documents this station no longer
 * links to them: purged here before any audit entry named the signer, or uploaded by another
 * station of the same tenant. Reads the description of every `<tenant>/…/<id>.pdf` document (the
 * envelope header's first bytes, or the `.json` an older station wrote beside it), opens its
 * encrypted signer details with the key provider (KMS Decrypt under the envelope's own context,
 * one call per tenant key version, cached) and compares them like subjectRecords does.
 * Slow on purpose-built scale (one or two GETs per document): used only when asked (`--scan-archive`).
 */
export interface ArchiveMatch {
  documentId: string;
  objectKey: string;
  stationId?: string;
  signedAt?: string;
  documentType?: string;
}

export async function scanArchiveForSubject(vault: Vault, archive: ArchiveStore, subject: string): Promise<{ matches: ArchiveMatch[]; scanned: number; unreadable: number }> {
  const wanted = normaliseSubject(subject);
  const keks = new Map<string, Promise<Buffer>>();
  const unwrap = (h: EnvelopeHeader) => {
    const cacheKey = `${h.kek.blob}\0${JSON.stringify(h.kek.encryptionContext)}`;
    let kek = keks.get(cacheKey);
    if (!kek) keks.set(cacheKey, (kek = vault.keyProvider.decryptDataKey(Buffer.from(h.kek.blob, 'base64'), h.kek.encryptionContext)));
    return kek;
  };
  const keys = (await archive.list(`${vault.tenant}/`)).filter((k) => k.endsWith('.pdf') && !k.startsWith(`${vault.tenant}/audit/`));
  const matches: ArchiveMatch[] = [];
  let unreadable = 0;
  for (const objectKey of keys) {
    try {
      const meta = (await readArchivedDocument(archive, objectKey))?.metadata;
      if (!meta?.detailsEnvelope || !meta.documentId) continue;
      const details = JSON.parse((await openEnvelope(Buffer.from(meta.detailsEnvelope, 'base64'), unwrap)).plaintext.toString('utf8'));
      if (mentions(details, wanted, 0)) matches.push({ documentId: meta.documentId, objectKey, stationId: meta.stationId, signedAt: meta.signedAt ?? undefined, documentType: typeof details?.metadata?.documentType === 'string' ? details.metadata.documentType : undefined });
    } catch {
      // Another station's key this provider may not use, or a damaged object: counted, not fatal.
      unreadable++;
    }
  }
  return { matches, scanned: keys.length, unreadable };
}
