import type { PenDeviceInfo, PenSample, SampleGap } from '../../pen/penSample';

/** Why a report was not turned into a sample. Counted per kind; none of them stops a session. */
export type DecodeErrorKind =
  | 'truncated' //           shorter than its layout says
  | 'unknown-report-id' //   an ID the descriptor (or protocol) never declared
  | 'empty' //               zero-length report
  | 'out-of-range' //        a value outside the declared logical range (a descriptor that lies)
  | 'malformed'; //          bytes that cannot be a report of this device

export interface DecodeStats {
  reports: number;
  samples: number;
  /** Reports that are valid but carry no pen sample (pad buttons, status, vendor reports). */
  ignored: number;
  errors: Record<DecodeErrorKind, number>;
  /** Reports known lost from sequence numbers. */
  lostReports: number;
}

export const emptyDecodeStats = (): DecodeStats => ({
  reports: 0,
  samples: 0,
  ignored: 0,
  errors: { truncated: 0, 'unknown-report-id': 0, empty: 0, 'out-of-range': 0, malformed: 0 },
  lostReports: 0,
});

export interface DecodeEvents {
  /**
   * A counted error, with a one-line message for the log. Called for every error; the caller
   * rate-limits logging. Messages never contain sample values (GDPR: pen data is biometric data).
   */
  onError?(kind: DecodeErrorKind, message: string): void;
  /** Reports were lost (sequence numbers skipped): the gap goes into the record. */
  onGap?(gap: SampleGap): void;
}

/**
 * Turns the input reports of one device into pen samples. One decoder per device session: it
 * keeps the state a stream needs (device clock, last sequence number). Pure and synchronous.
 */
export interface PenReportDecoder {
  readonly profile: string;
  /** What is known about the device (ranges, size); updated when the device tells more (STU capability). */
  readonly device: PenDeviceInfo;
  readonly stats: DecodeStats;
  /**
   * Decodes one input report as delivered by the transport: report-ID byte first when the device
   * uses report IDs. `arrivalMs` is a monotonic host clock at arrival (performance.now()).
   * Returns undefined for reports that carry no sample (and for bad reports, which are counted).
   */
  decode(report: Uint8Array, arrivalMs: number): PenSample | undefined;
  /** A feature report read from the device at start (the profile's featureReportsToRead), e.g. the STU capability. */
  applyFeatureReport?(report: Uint8Array): void;
}

/** Shared bookkeeping for decoders: counting and reporting errors. */
export class DecoderBookkeeping {
  readonly stats = emptyDecodeStats();
  constructor(private readonly events: DecodeEvents = {}) {}
  error(kind: DecodeErrorKind, message: string): undefined {
    this.stats.errors[kind]++;
    this.events.onError?.(kind, message);
    return undefined;
  }
  gap(gap: SampleGap): void {
    this.stats.lostReports += gap.lostReports ?? 0;
    this.events.onGap?.(gap);
  }
}

/** Hex dump for developer tools only: decoders never log report contents (pen data is biometric data). */
export const hexOf = (bytes: Uint8Array, max = 16): string =>
  Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ') + (bytes.length > max ? ' …' : '');

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
