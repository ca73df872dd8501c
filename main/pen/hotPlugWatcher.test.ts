import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { createHotPlugWatcher, DeviceAbsence } from './hotPlugWatcher';

const settle = () => new Promise<void>((r) => setImmediate(r));

describe('hot-plug watcher', () => {
  it('looks at start and then at its interval until stopped, and keeps going after a failed look', async () => {
    const scheduler = new ManualScheduler();
    const looks: number[] = [];
    const errors: string[] = [];
    const watcher = createHotPlugWatcher({
      scheduler,
      intervalMs: 100,
      look: async () => {
        looks.push(scheduler.now());
        if (looks.length === 2) throw new Error('list failed');
      },
      onError: (e) => errors.push(e.message),
    });
    await watcher.start();
    await watcher.start(); // a second start does not double the looks
    await scheduler.advance(350, settle);
    expect(looks).toEqual([0, 100, 200, 300]);
    expect(errors).toEqual(['list failed']);
    watcher.stop();
    expect(watcher.running).toBe(false);
    expect(scheduler.pending).toBe(0);
    await scheduler.advance(500, settle);
    expect(looks).toHaveLength(4);
  });

  it('looks sooner when asked (after an unplug), never two looks at once', async () => {
    const scheduler = new ManualScheduler();
    let inLook = 0;
    let overlap = false;
    const looks: number[] = [];
    let release: () => void = () => undefined;
    const watcher = createHotPlugWatcher({
      scheduler,
      intervalMs: 1000,
      look: async () => {
        looks.push(scheduler.now());
        inLook++;
        if (inLook > 1) overlap = true;
        if (looks.length === 2) await new Promise<void>((r) => (release = r));
        inLook--;
      },
      onError: () => undefined,
    });
    await watcher.start();
    watcher.lookIn(0);
    await scheduler.advance(1, settle);
    expect(looks).toEqual([0, 0]);
    // Asked again while the slow look still runs: that look is skipped, not run beside it.
    watcher.lookIn(0);
    await scheduler.advance(1, settle);
    expect(looks).toEqual([0, 0]);
    release();
    await settle();
    await scheduler.advance(1000, settle);
    expect(looks).toEqual([0, 0, 1002]);
    expect(overlap).toBe(false);
    watcher.stop();
  });

  it('counts a device as gone after it is missing from the list for two looks in a row', () => {
    const absence = new DeviceAbsence(2);
    expect(absence.listed(false)).toBe(false);
    expect(absence.listed(true)).toBe(false);
    expect(absence.listed(false)).toBe(false);
    expect(absence.listed(false)).toBe(true);
    expect(absence.listed(false)).toBe(false); // counting starts again
  });
});
