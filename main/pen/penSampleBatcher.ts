import type { PenDeviceInfo, PenSample, PenSourceKind, SampleGap } from '../../native/pen/penSample';
import type { Scheduler } from '../../native/transport/simulatedPen';
import type { PenSampleBatch } from './penServiceTypes';

export interface SampleBatcherOptions {
  scheduler: Scheduler;
  /** 0: one batch per event-loop turn (lowest latency); more: one per window of that many ms. */
  windowMs: number;
  /** Where the samples of the batch going out now came from. */
  origin: () => { source: PenSourceKind; device?: PenDeviceInfo };
  deliver: (batch: PenSampleBatch) => void;
}

/**
 * Gathers samples and gaps into numbered batches: everything that arrives in the same turn of the
 * event loop (or window) goes out together, in arrival order, none dropped.
 */
export function createSampleBatcher(options: SampleBatcherOptions) {
  let seq = 0;
  let samples: PenSample[] = [];
  let gaps: SampleGap[] = [];
  let queued = false;

  const flush = () => {
    queued = false;
    if (!samples.length && !gaps.length) return;
    const batch: PenSampleBatch = { seq: ++seq, samples, gaps, ...originOf() };
    samples = [];
    gaps = [];
    options.deliver(batch);
  };
  const originOf = () => {
    const { source, device } = options.origin();
    return { source, device };
  };
  const queue = () => {
    if (queued) return;
    queued = true;
    if (options.windowMs > 0) options.scheduler.setTimeout(flush, options.windowMs);
    else queueMicrotask(flush);
  };

  return {
    sample(s: PenSample): void {
      samples.push(s);
      queue();
    },
    gap(g: SampleGap): void {
      gaps.push(g);
      queue();
    },
    /** Sends what is pending now (end of a capture, stop). */
    flush,
  };
}

