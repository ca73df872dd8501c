import { randomUUID } from 'node:crypto';
import { loadStationConfig } from '../config/loadStationConfig';
import { registerSignedDocumentEnqueuer } from '../documents/signedDocumentQueue';
import { openStationVault } from '../vault/openStationVault';

/**
 * `station doc sign --enqueue`: the headless signature goes into the same encrypted queue, in the
 * same shape, as a signing at the desk, so `station sync` uploads it like any other.
 */
export function registerVaultEnqueuer(env: NodeJS.ProcessEnv = process.env): void {
  registerSignedDocumentEnqueuer(async (signed, meta) => {
    const { config } = loadStationConfig({ env });
    const vault = await openStationVault(config);
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
      vault.close();
    }
  });
}
