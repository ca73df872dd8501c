import { sha256Hex } from './escrowContainer';
import { ExtendError, extendPdf, levelRank, type PadesLevel } from './extendPdf';
import type { FetchOptions } from './revocationFetcher';
import { signPdf, type SignPdfInput, type SignPdfResult } from './signPdf';

/**
 * `documents.level` / `--level`: signs with `signPdf` (B-B, or B-T with the signature time-stamp)
 * and extends the result to B-LT / B-LTA at once. The desk does not use this online path: it seals
 * B-B and leaves the rest to the sync queue (documentAugmenter.ts), so the customer never waits.
 */
export type LevelSetting = '' | PadesLevel;

/** '' keeps the behaviour from before levels existed: B-T when a TSA is configured, else B-B. */
export function effectiveLevel(setting: LevelSetting, tsaUrl: string | undefined): PadesLevel {
  return setting || (tsaUrl ? 'B-T' : 'B-B');
}

export type SignedAtLevel = SignPdfResult & { steps: string[] };

export async function signPdfAtLevel(input: SignPdfInput, level: PadesLevel, fetch?: FetchOptions): Promise<SignedAtLevel> {
  if (levelRank(level) >= levelRank('B-T') && !input.tsaUrl) throw new ExtendError(`PAdES ${level} needs a time-stamping authority (--tsa <url> or documents.tsaUrl)`);
  const signed = await signPdf({ ...input, tsaUrl: level === 'B-B' ? undefined : input.tsaUrl });
  if (levelRank(level) <= levelRank('B-T')) return { ...signed, steps: [] };
  const extended = await extendPdf(signed.pdf, { level, tsaUrl: input.tsaUrl, extraCertificates: input.sealer.chain, fetch });
  return { ...signed, pdf: extended.pdf, sha256: sha256Hex(extended.pdf), level, steps: extended.steps };
}
