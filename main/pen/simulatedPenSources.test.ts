import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../native/transport/manualScheduler';
import { profileFor } from '../../native/profiles/penProfileRegistry';
import type { PenSample } from '../../native/pen/penSample';
import type { SimulatedPenTransport } from '../../native/transport/simulatedPen';
import { strokesOf } from './biometricRecord';
import { sharedDataPath } from '../config/sharedData';
import { createSimulatedPen } from './simulatedPenSources';
import { strokeKinematics } from './strokeKinematics';

/** Plays the simulated pen's first stream through the profile that would drive it. */
async function playFirstStream(pen: SimulatedPenTransport, scheduler: ManualScheduler) {
  const [device] = await pen.list();
  const profile = profileFor(device)!;
  const decoder = profile.createDecoder(device, { source: 'simulated' });
  for (const id of profile.featureReportsToRead ?? []) decoder.applyFeatureReport?.(await (await pen.open(device)).getFeatureReport(id, 64).catch(() => new Uint8Array()));
  const connection = await pen.open(device);
  const samples: PenSample[] = [];
  connection.onReport((r, t) => {
    const s = decoder.decode(r, t);
    if (s) samples.push(s);
  });
  await scheduler.advance(pen.options.streams[0].reports.at(-1)!.t + 1);
  await connection.close();
  return { profile, decoder, samples };
}

describe('simulated pen sources', () => {
  it('without shared data, plays a plausible synthetic signature on a virtual STU-530', async () => {
    const scheduler = new ManualScheduler();
    const pen = await createSimulatedPen({ env: { STATION_SHARED_DATA: '/nonexistent' }, scheduler, loop: false });
    expect(pen.options.streams[0].label).toMatch(/synthetic/);
    const { profile, decoder, samples } = await playFirstStream(pen, scheduler);
    expect(profile.id).toBe('wacom-stu');
    expect(decoder.stats.errors).toMatchObject({ truncated: 0, 'unknown-report-id': 0, 'out-of-range': 0 });
    const strokes = strokesOf(samples);
    expect(strokes.length).toBeGreaterThanOrEqual(3);
    const duration = samples.at(-1)!.t - samples[0].t;
    expect(duration).toBeGreaterThan(1500);
    expect(duration).toBeLessThan(15000);
    // A hand, not a teleport: pen speed stays under 1.5 m/s.
    const k = strokeKinematics(samples, decoder.device);
    expect(k.unit).toBe('mm');
    const maxSpeed = Math.max(...k.strokes.flat().map((p) => p.speed));
    expect(maxSpeed).toBeGreaterThan(10);
    expect(maxSpeed).toBeLessThan(1500);
    expect(samples.every((s) => s.nx >= 0 && s.nx <= 1 && s.ny >= 0 && s.ny <= 1)).toBe(true);
  });

  it.skipIf(!sharedDataPath('wacom-stu-logs'))('with shared data, replays the real STU logs at their recorded timing', async () => {
    const scheduler = new ManualScheduler();
    const pen = await createSimulatedPen({ scheduler, loop: false });
    expect(pen.options.streams[0].label).toMatch(/STU log/);
    const { samples } = await playFirstStream(pen, scheduler);
    expect(samples.length).toBe(pen.options.streams[0].reports.length);
    // 200 Hz: 5 ms steps on the pad's own clock.
    const steps = samples.slice(1).map((s, i) => s.t - samples[i].t);
    expect(steps.filter((d) => d === 5).length / steps.length).toBeGreaterThan(0.9);
  });

  it.skipIf(!sharedDataPath('hid-descriptors/Wacom_PenPartner/hidrecord.txt'))('replays a hid-recorder capture as its own device', async () => {
    const scheduler = new ManualScheduler();
    const pen = await createSimulatedPen({ source: { recording: sharedDataPath('hid-descriptors/Wacom_PenPartner/hidrecord.txt')! }, scheduler, loop: false, timing: 'fast' });
    const { profile, samples } = await playFirstStream(pen, scheduler);
    expect(profile.id).toBe('wacom-penpartner');
    expect(samples).toHaveLength(757);
  });
});
