import { openEnvelope, type EnvelopeHeader } from '../vault/portableEnvelope';
import type { Vault } from '../vault/vault';
import type { ArchiveStore } from './archiveStore';
import { mentions } from './subjectRecords';
import { normaliseSubject } from './subjectTag';

/**
 * Finds a data subject's documents in the S3 archive itself, for documents this station no longer
 * links to them: purged here before any audit entry named the signer, or uploaded by another
 * station of the same tenant. Reads every `<tenant>/…/<id>.json` metadata object, opens its
 * encrypted signer details with the key provider (KMS Decrypt under the envelope's own context,
 * one call per tenant key version, cached) and compares them like subjectRecords does.
 * Slow on purpose-built scale (one GET per document): used only when asked (`--scan-archive`).
 */
export interface ArchiveMatch {
  documentId: string;
  objectKey: string;
  metadataKey: string;
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
  const keys = (await archive.list(`${vault.tenant}/`)).filter((k) => k.endsWith('.json') && !k.startsWith(`${vault.tenant}/audit/`));
  const matches: ArchiveMatch[] = [];
  let unreadable = 0;
  for (const metadataKey of keys) {
    try {
      const body = await archive.get(metadataKey);
      if (!body) continue;
      const meta = JSON.parse(body.toString('utf8')) as { documentId?: string; stationId?: string; signedAt?: string; object?: { key?: string }; detailsEnvelope?: string | null };
      if (!meta.detailsEnvelope || !meta.documentId) continue;
      const details = JSON.parse((await openEnvelope(Buffer.from(meta.detailsEnvelope, 'base64'), unwrap)).plaintext.toString('utf8'));
      if (mentions(details, wanted, 0)) matches.push({ documentId: meta.documentId, objectKey: meta.object?.key ?? metadataKey.replace(/\.json$/, '.pdf'), metadataKey, stationId: meta.stationId, signedAt: meta.signedAt ?? undefined, documentType: typeof details?.metadata?.documentType === 'string' ? details.metadata.documentType : undefined });
    } catch {
      // Another station's key this provider may not use, or a damaged object: counted, not fatal.
      unreadable++;
    }
  }
  return { matches, scanned: keys.length, unreadable };
}
