import { describe, expect, it } from 'vitest';
import type { PenSample } from '../../native/pen/penSample';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { createSampleBatcher } from './penSampleBatcher';
import type { PenSampleBatch } from './penServiceTypes';

const sample = (t: number): PenSample => ({ t, x: t, y: t, pressure: 1, nx: 0, ny: 0, np: 1, inRange: true, tip: true, buttons: 0 });
const turn = () => new Promise<void>((r) => setImmediate(r));

function batcherWith(windowMs: number) {
  const scheduler = new ManualScheduler();
  const batches: PenSampleBatch[] = [];
  const batcher = createSampleBatcher({ scheduler, windowMs, origin: () => ({ source: 'usb-hid' }), deliver: (b) => batches.push(b) });
  return { scheduler, batches, batcher };
}

describe('pen sample batcher', () => {
  it('sends what arrives in one event-loop turn as one numbered batch', async () => {
    const { batches, batcher } = batcherWith(0);
    batcher.sample(sample(1));
    batcher.sample(sample(2));
    batcher.gap({ fromT: 2, toT: 5, reason: 'reports-lost', lostReports: 1 });
    expect(batches).toEqual([]);
    await turn();
    batcher.sample(sample(6));
    await turn();
    expect(batches.map((b) => [b.seq, b.samples.map((s) => s.t), b.gaps.length, b.source])).toEqual([[1, [1, 2], 1, 'usb-hid'], [2, [6], 0, 'usb-hid']]);
  });

  it('with a window, waits for it; flush sends at once; nothing pending sends nothing', async () => {
    const { scheduler, batches, batcher } = batcherWith(20);
    batcher.sample(sample(1));
    await scheduler.advance(10);
    batcher.sample(sample(2));
    expect(batches).toHaveLength(0);
    await scheduler.advance(10);
    expect(batches.map((b) => b.samples.length)).toEqual([2]);
    batcher.sample(sample(3));
    batcher.flush();
    batcher.flush();
    expect(batches.map((b) => b.seq)).toEqual([1, 2]);
    await scheduler.advance(40);
    expect(batches).toHaveLength(2);
  });
});
