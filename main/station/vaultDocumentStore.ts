import type { StationConfig } from '../config/stationConfigSchema';
import type { PendingAudit } from '../privacy/pendingAudit';
import { NoRoomToStoreError, type SignedDocumentStore } from '../signing/signingPorts';
import { DiskFullError } from '../vault/diskSpace';
import type { Vault } from '../vault/vault';

/**
 * The session's SignedDocumentStore port over the vault: the signed document goes into the
 * encrypted queue in one transaction; the audit trail follows the transition inside it, and the
 * signer is linked to it from the session's events. Then the sync is nudged.
 */
export function vaultDocumentStore(input: { vault: Vault; config: StationConfig; pendingAudit: PendingAudit; stored?: () => void }): SignedDocumentStore {
  const { vault, config, pendingAudit } = input;
  return {
    async store(doc) {
      try {
        // Desk events held while the disk was full are written first, before the document.
        pendingAudit.flush();
        vault.enqueueSignedDocument({
          id: doc.id,
          tenant: config.station.tenant,
          pdf: doc.pdf,
          signerName: doc.signerName,
          signedAt: doc.signedAt,
          metadata: {
            requestId: doc.requestId,
            title: doc.title,
            source: doc.source,
            reference: doc.reference,
            documentType: doc.documentType,
            sha256: doc.sha256,
            consent: doc.consent,
            identification: doc.identification,
          },
        });
      } catch (err) {
        if (err instanceof DiskFullError) throw new NoRoomToStoreError(err.advice('the signature stays on the customer screen and nothing was stored', 'ask the customer to press Done again'));
        throw err;
      }
      input.stored?.();
    },
  };
}
