import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseHidRecording } from '../../native/transport/hidRecording';
import { SimulatedPenTransport, type Scheduler, type SimulatedStream } from '../../native/transport/simulatedPen';
import { parseStuLog } from '../../native/transport/stuLog';
import { stuLogStreams, syntheticSignatureStream } from '../../native/transport/syntheticSignature';
import { sharedDataDir } from '../config/sharedData';

export type SimulatedPenSource = 'auto' | 'stu-logs' | 'synthetic' | { recording: string };

export interface SimulatedPenSourceOptions {
  source?: SimulatedPenSource;
  timing?: 'recorded' | 'fast';
  loop?: boolean;
  loopPauseMs?: number;
  scheduler?: Scheduler;
  env?: NodeJS.ProcessEnv;
}

/** The streams of a hid-recorder capture (first device), e.g. the PenPartner capture. */
export async function recordingStreams(path: string): Promise<SimulatedStream[]> {
  const recording = parseHidRecording(await readFile(path, 'utf8'));
  const device = recording.devices.find((d) => recording.reports.some((r) => r.device === d.index));
  if (!device) throw new Error(`${path} holds no input reports`);
  return [{
    device: {
      id: `simulated:${basename(path)}`,
      vendorId: device.vendorId,
      productId: device.productId,
      product: device.name ? `Simulated ${device.name}` : 'Simulated pen',
      ...(device.descriptor ? { reportDescriptor: device.descriptor } : {}),
    },
    reports: recording.reports.filter((r) => r.device === device.index),
    label: `recording ${basename(path)}`,
  }];
}

async function stuLogStreamsFromSharedData(env: NodeJS.ProcessEnv): Promise<SimulatedStream[] | undefined> {
  const shared = sharedDataDir(env);
  const dir = shared && existsSync(join(shared, 'wacom-stu-logs')) ? join(shared, 'wacom-stu-logs') : undefined;
  if (!dir) return undefined;
  const streams: SimulatedStream[] = [];
  for (const f of ['logfile.txt', 'logfile1.txt', 'logfile2.txt']) {
    try {
      streams.push(...stuLogStreams(parseStuLog(await readFile(join(dir, f), 'utf8')), `Wacom STU log ${f}`));
    } catch {
      /* a missing log file is not a reason to stop */
    }
  }
  // Sessions with writing in them (the logs also hold a few near-empty ones).
  const useful = streams.filter((s) => s.reports.length >= 50);
  return useful.length ? useful : undefined;
}

/**
 * The simulated pen the station uses when no device is present: the real STU logs when the shared
 * data is there, else a synthetic signature, so the station runs anywhere.
 */
export async function createSimulatedPen(options: SimulatedPenSourceOptions = {}): Promise<SimulatedPenTransport> {
  const env = options.env ?? process.env;
  const source = options.source ?? 'auto';
  let streams: SimulatedStream[] | undefined;
  if (typeof source === 'object') streams = await recordingStreams(source.recording);
  else if (source === 'stu-logs' || source === 'auto') streams = await stuLogStreamsFromSharedData(env);
  if (!streams && source === 'stu-logs') throw new Error('the STU logs (../shared/data/wacom-stu-logs) are not available');
  streams ??= [1, 2, 3].map((seed) => syntheticSignatureStream(seed));
  return new SimulatedPenTransport({
    streams,
    timing: options.timing ?? 'recorded',
    loop: options.loop ?? true,
    loopPauseMs: options.loopPauseMs ?? 2000,
    scheduler: options.scheduler,
  });
}
