import type { StationConfig } from '../config/stationConfigSchema';
import { augmentToLevel } from '../documents/augmentToLevel';
import { levelRank, type PadesLevel } from '../documents/extendPdf';
import type { LogWriter } from '../logging/logger';
import type { Vault } from '../vault/vault';

/**
 * The sync step that makes offline sealing long-term: before a queued document is uploaded, it is
 * brought to `documents.level` (B-LT / B-LTA: document time-stamp, DSS, archive time-stamp) and
 * the vault's copy is replaced by the extended one, so what reaches the archive is the final
 * document. A responder out of reach leaves the document queued with a "waiting to add…" error
 * (shown by `station queue status` and the teller's health bar) and the next run tries again.
 */
export interface DocumentAugmentation {
  level: PadesLevel;
  tsaUrl?: string;
}

/** Only B-LT and B-LTA need the network after sealing; B-B/B-T are final when the desk seals. */
export function augmentationFromConfig(config: Partial<Pick<StationConfig, 'documents'>>): DocumentAugmentation | undefined {
  const level = config.documents?.level;
  if (!level || levelRank(level) < levelRank('B-LT')) return undefined;
  return { level, tsaUrl: config.documents?.tsaUrl || undefined };
}

export async function augmentBeforeUpload(vault: Vault, id: string, augmentation: DocumentAugmentation, log: LogWriter): Promise<void> {
  const { pdf } = vault.openDocument(id);
  const result = await augmentToLevel(pdf, augmentation.level, { tsaUrl: augmentation.tsaUrl });
  if (!result.changed) return;
  vault.replaceWaitingPdf(id, result.pdf);
  log.info('sync: document augmented before upload', { documentId: id, level: result.level, bytes: result.pdf.length });
}
