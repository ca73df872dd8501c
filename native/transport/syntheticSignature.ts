import { StuReportId, encodeStuCapability, encodeStuInformation, type StuCapability } from '../profiles/wacomStuProtocol';
import { STU_PRODUCTS } from '../profiles/wacomStu';
import type { SimulatedStream } from './simulatedPen';
import { stuLogSessionToReports, type StuLogRow } from './stuLog';

/**
 * A plausible handwritten signature, generated when no recorded pen data is available, so that the
 * station runs anywhere: a few strokes of looping, slanted handwriting with a pressure build-up
 * and release per stroke, hover movement between strokes, a final flourish, sampled at 200 Hz the
 * way an STU pad reports it (PenDataTimeCountSequence). Deterministic for a given seed.
 */
export function syntheticSignatureRows(seed = 1, capability: StuCapability = STU_PRODUCTS[0x00a5].capability): StuLogRow[] {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const rows: StuLogRow[] = [];
  const W = capability.tabletMaxX;
  const H = capability.tabletMaxY;
  const P = capability.tabletMaxPressure;
  let timeCount = 1000 + Math.floor(rand() * 5000);
  let sequence = 1;
  let penX = W * 0.12;
  const baseY = H * 0.62;
  const push = (x: number, y: number, pressure: number) => {
    rows.push({ timeCount: timeCount & 0xffff, sequence: sequence & 0xffff, x: Math.round(x), y: Math.round(y), pressure: Math.round(pressure) });
    timeCount += 5;
    sequence++;
  };
  const strokes = 3 + Math.floor(rand() * 2);
  for (let s = 0; s < strokes; s++) {
    const loops = 2 + Math.floor(rand() * 4);
    const n = 40 * loops + Math.floor(rand() * 30);
    const height = H * (0.12 + rand() * 0.1);
    const advance = (W * (0.55 / strokes)) / n;
    const slant = 0.35;
    const phase = rand() * Math.PI;
    for (let i = 0; i < n; i++) {
      const u = i / (n - 1);
      const theta = (u * loops * 2 + phase / Math.PI) * Math.PI;
      const dy = -Math.sin(theta) * height * (0.7 + 0.3 * Math.sin(u * Math.PI));
      const dx = Math.cos(theta) * height * 0.25 + -dy * slant;
      penX += advance;
      // Pressure rises over the first 15 %, falls over the last 15 %, wavers with the hand.
      const envelope = Math.min(1, u / 0.15, (1 - u) / 0.15);
      const pressure = Math.max(1, P * (0.35 + 0.25 * envelope + 0.08 * Math.sin(theta * 1.7)) * Math.max(0.2, envelope));
      push(penX + dx, baseY + dy, pressure);
    }
    // Hover to the next stroke: pen up, still moving, in range.
    const hover = 12 + Math.floor(rand() * 12);
    for (let i = 0; i < hover; i++) {
      penX += (W * 0.03) / hover;
      push(penX, baseY - H * 0.05 * Math.sin((i / hover) * Math.PI), 0);
    }
  }
  // Hover back to the left, then an underline flourish.
  const startX = W * 0.1;
  const fromX = penX;
  for (let i = 1; i <= 40; i++) push(fromX + ((startX - fromX) * i) / 40, baseY + H * 0.12 - H * 0.08 * Math.sin((i / 40) * Math.PI), 0);
  for (let i = 0; i < 60; i++) {
    const u = i / 59;
    push(startX + u * W * 0.75, baseY + H * 0.12 + Math.sin(u * Math.PI) * H * 0.03, P * 0.45 * Math.min(1, u / 0.1, (1 - u) / 0.2 + 0.05));
  }
  push(0, 0, 0); // pen away, as the pad reports it
  return rows;
}

export const simulatedStuDevice = {
  id: 'simulated:stu-530',
  vendorId: 0x056a,
  productId: 0x00a5,
  product: 'Simulated Wacom STU-530',
};

/** The STU-530 stream the simulated pen plays when nothing was recorded. */
export function syntheticSignatureStream(seed = 1): SimulatedStream {
  const capability = STU_PRODUCTS[0x00a5].capability;
  return {
    device: simulatedStuDevice,
    reports: stuLogSessionToReports(syntheticSignatureRows(seed, capability)),
    features: new Map([
      [StuReportId.capability, encodeStuCapability(capability)],
      [StuReportId.information, encodeStuInformation({ modelName: 'STU-530', firmwareMajor: 1, firmwareMinor: 0 })],
    ]),
    label: `synthetic signature (seed ${seed})`,
  };
}

/** STU log sessions as simulated-pen streams on a virtual STU-530. */
export function stuLogStreams(sessions: StuLogRow[][], label: string): SimulatedStream[] {
  const capability = { ...STU_PRODUCTS[0x00a5].capability };
  // The logs' pad reaches x 10731, y 6383: within an STU-530's 10800 × 6480.
  return sessions.map((rows, i) => ({
    device: simulatedStuDevice,
    reports: stuLogSessionToReports(rows),
    features: new Map([
      [StuReportId.capability, encodeStuCapability(capability)],
      [StuReportId.information, encodeStuInformation({ modelName: 'STU-530', firmwareMajor: 1, firmwareMinor: 0 })],
    ]),
    label: `${label} session ${i + 1}`,
  }));
}
