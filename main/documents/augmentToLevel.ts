import { ExtendError, extendPdf, levelRank, type PadesLevel } from './extendPdf';
import { RevocationFetchError } from './revocationFetcher';
import { TimestampError } from './timestampClient';
import { verifyPdf } from './verifyPdf';

/**
 * The offline-first half of `documents.level`: the desk sealed B-B (nobody waited for the network);
 * when the station is online, before upload, this brings the document to the configured level.
 * Already there: unchanged. A TSA, OCSP responder or CRL server out of reach is an
 * AugmentationPendingError (retryable): the document stays queued and is tried again, never lost.
 */
export class AugmentationPendingError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'AugmentationPendingError';
  }
}

export interface AugmentResult {
  pdf: Uint8Array;
  changed: boolean;
  /** Lowest level over the document's signatures after the step. */
  level: PadesLevel | 'none';
}

async function lowestLevel(pdf: Uint8Array): Promise<PadesLevel | 'none'> {
  const report = await verifyPdf(pdf);
  const levels = report.signatures.filter((s) => s.subFilter !== 'ETSI.RFC3161').map((s) => s.longTerm?.levelReached ?? 'none');
  if (levels.length === 0 || levels.includes('none')) return 'none';
  return levels.reduce((a, b) => (levelRank(a as PadesLevel) <= levelRank(b as PadesLevel) ? a : b)) as PadesLevel;
}

export async function augmentToLevel(pdf: Uint8Array, target: PadesLevel, opts: { tsaUrl?: string }): Promise<AugmentResult> {
  const before = await lowestLevel(pdf);
  if (before !== 'none' && levelRank(before) >= levelRank(target)) return { pdf, changed: false, level: before };
  try {
    const extended = await extendPdf(pdf, { level: target, tsaUrl: opts.tsaUrl });
    return { pdf: extended.pdf, changed: true, level: await lowestLevel(extended.pdf) };
  } catch (err) {
    const reason = (err as Error).message;
    if (err instanceof RevocationFetchError) throw new AugmentationPendingError(`waiting to add PAdES ${target} validation data: ${reason}`, err.unreachable);
    if (err instanceof TimestampError) throw new AugmentationPendingError(`waiting for a time-stamp for PAdES ${target}: ${reason}`, true);
    if (err instanceof ExtendError) throw new AugmentationPendingError(`cannot reach PAdES ${target}: ${reason}`, false);
    throw new AugmentationPendingError(`cannot reach PAdES ${target}: ${reason}`, false);
  }
}
