import type { DecodeStats } from '../../native/hid/decode/penReportDecoder';
import type { PenDeviceInfo, PenSample, PenSourceKind, SampleGap } from '../../native/pen/penSample';
import type { HidDeviceInfo, HidTransport } from '../../native/transport/hidTransport';
import type { Scheduler } from '../../native/transport/simulatedPen';
import type { BiometricRecord } from './biometricRecord';
import type { LogWriter } from '../logging/logger';

/** What the status is about, for the UI's own (translated) wording; `message` is the English sentence for logs. */
export type PenStatusCode =
  | 'searching'
  | 'ready'
  | 'simulated'
  | 'unplugged'
  | 'unplugged-during-capture'
  | 'different-pen'
  | 'access-denied'
  | 'open-failed'
  | 'no-pen'
  | 'paused'
  | 'resumed'
  | 'capture-full'
  | 'stopped';

export interface PenStatus {
  code: PenStatusCode;
  connected: boolean;
  device?: { id: string; product?: string; vendorId?: number; productId?: number };
  profile?: string;
  source: PenSourceKind | 'none';
  /** One sentence for the teller (and the logs). */
  message: string;
  capturing: boolean;
  paused: boolean;
}

export interface PenSampleBatch {
  /** Increments by one per batch: a consumer sees at once if it missed one. */
  seq: number;
  samples: PenSample[];
  source: PenSourceKind;
  /** Gaps that opened or closed since the previous batch. */
  gaps: SampleGap[];
  /** The device that produced the samples (ranges, size): a pad's ink is fitted to the box by it. */
  device?: PenDeviceInfo;
}

export interface PenServiceOptions {
  /** Hardware transports searched for a pen, in order (the station passes a NodeHidTransport). */
  transports?: HidTransport[];
  /** The simulated pen, used when no device is present (or when `simulate` is set). */
  simulated?: () => HidTransport | Promise<HidTransport>;
  /** 'auto' or a profile id (config pen.profile). */
  profile?: string;
  /** 'vid:pid' of the device to use when several are present (config pen.device). */
  device?: string;
  /** Use the simulated pen even if a device is present (config pen.simulate). */
  simulate?: boolean;
  /** Fall back to the simulated pen when no device is present (default true). */
  fallbackToSimulated?: boolean;
  /** How often to look for plugged and unplugged devices. */
  hotPlugIntervalMs?: number;
  /**
   * 0 (default): a batch goes out at the end of each event-loop turn (lowest latency). A few ms:
   * fewer, larger batches (e.g. 4 ms for Electron IPC at 8 kHz: 250 messages/s instead of 8000).
   */
  batchWindowMs?: number;
  /**
   * Most samples one capture keeps (default 2 000 000: over 4 minutes at 8 kHz). A capture left
   * running must not eat the station's memory: beyond this the record stops growing, the rest is
   * marked as a gap and the teller is told.
   */
  maxCaptureSamples?: number;
  scheduler?: Scheduler;
  log?: LogWriter;
}

export interface PenService {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): PenStatus;
  onSamples(listener: (batch: PenSampleBatch) => void): () => void;
  onStatus(listener: (status: PenStatus) => void): () => void;
  /** Starts a new biometric record (and the pad's signing mode, e.g. STU inking). */
  beginCapture(): Promise<void>;
  /** Ends the capture and returns its record. */
  endCapture(): Promise<BiometricRecord>;
  /** Discards the current capture (customer pressed "clear"), keeping the capture running. */
  clearCapture(): void;
  pause(): void;
  resume(): void;
  /** Sends feature reports to the device (e.g. the STU's signing-screen image upload). */
  sendFeatureReports(reports: Uint8Array[]): Promise<void>;
  /** Devices found now, with the profile that would drive each. */
  listDevices(): Promise<{ device: HidDeviceInfo; transport: PenSourceKind; profile?: string }[]>;
  /** Decoder counters of the current device. */
  stats(): DecodeStats | undefined;
}
