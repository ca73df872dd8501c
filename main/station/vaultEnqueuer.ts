import { randomUUID } from 'node:crypto';
import { loadStationConfig } from '../config/loadStationConfig';
import type { SignedDocumentEnqueuer } from '../documents/signedDocumentQueue';
import { createAuditTrail } from '../privacy/auditTrail';
import { openStationVault } from '../vault/openStationVault';
import { silentLogger } from '../logging/logger';

/**
 * `station doc sign --enqueue`: the headless signature goes into the same encrypted queue, in the
 * same shape, as a signing at the desk, so `station sync` uploads it like any other.
 */
export const enqueueInStationVault: SignedDocumentEnqueuer = async (signed, meta, env) => {
  const { config } = loadStationConfig({ env });
  const vault = await openStationVault(config);
  // The queue transitions are audited as at the desk, in the same transaction as the document.
  const stopAudit = createAuditTrail(vault, { log: silentLogger }).followVault();
  try {
    const id = randomUUID();
    vault.enqueueSignedDocument({
      id,
      tenant: config.station.tenant,
      pdf: signed.pdf,
      signerName: meta.signerName,
      signedAt: new Date(),
      metadata: { title: meta.sourceName.replace(/\.pdf$/i, ''), source: 'file', sha256: signed.sha256, level: signed.level },
    });
    return { id };
  } finally {
    stopAudit();
    vault.close();
  }
};
