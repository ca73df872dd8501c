import { availableParallelism, loadavg } from 'node:os';

/**
 * How much longer than on a quiet machine a test may wait for a state to be reached: the caps of
 * its state waits (a station's start-up banner, a session state, a page drawn), never a sleep.
 * STATION_TEST_PATIENCE sets it; else it follows how busy the machine is when the run starts (the
 * run queue per core, from 1 to 6), so a shared, loaded machine gets the time a fast one does not
 * need. A condition that never holds still fails, only later.
 */
export const patience = ((): number => {
  const set = Number(process.env.STATION_TEST_PATIENCE);
  if (Number.isFinite(set) && set > 0) return set;
  return Math.min(6, Math.max(1, loadavg()[0] / availableParallelism()));
})();

/** A state wait's cap (ms) for this machine. */
export const patient = (ms: number): number => Math.round(ms * patience);
