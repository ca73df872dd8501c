import { encodeStuPenDataTimeCountSequence } from '../profiles/wacomStuProtocol';
import type { RecordedReport } from './hidRecording';

/**
 * Logs written by Wacom's STU SDK sample (DemoButtons_SpeedCalc): lines
 * `Time/seq/x/y/pressure <timeCount ms> <sequence> <x> <y> <pressure>` (other lines — dates,
 * distances, averages — are ignored). A sequence number that drops back marks a new capture
 * session (the pad restarts its counters), so the rows are split into sessions there.
 */
export interface StuLogRow {
  timeCount: number;
  sequence: number;
  x: number;
  y: number;
  pressure: number;
}

export function parseStuLog(text: string): StuLogRow[][] {
  const sessions: StuLogRow[][] = [];
  let current: StuLogRow[] | undefined;
  const re = /^Time\/seq\/x\/y\/pressure\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;
  for (const line of text.split(/\r?\n/)) {
    const m = re.exec(line.trim());
    if (!m) continue;
    const [timeCount, sequence, x, y, pressure] = m.slice(1).map(Number);
    const row = { timeCount, sequence, x, y, pressure };
    const last = current?.[current.length - 1];
    if (!current || !last || sequence <= last.sequence) sessions.push((current = []));
    current.push(row);
  }
  return sessions;
}

/** Whether a log row says the pen was away (the SDK logs 0 0 0 when the pen leaves). */
export const stuRowIsAway = (r: StuLogRow): boolean => r.x === 0 && r.y === 0 && r.pressure === 0;

/**
 * The PenDataTimeCountSequence (0x34) reports the pad sent for one session, timed by its own
 * counter (ms from the session's first report). The same bytes a real STU pad delivers.
 */
export function stuLogSessionToReports(rows: readonly StuLogRow[], device = 0): RecordedReport[] {
  const t0 = rows.length ? rows[0].timeCount : 0;
  return rows.map((r) => ({
    t: r.timeCount - t0,
    device,
    data: encodeStuPenDataTimeCountSequence({
      rdy: !stuRowIsAway(r),
      sw: r.pressure > 0 ? 1 : 0,
      pressure: r.pressure,
      x: r.x,
      y: r.y,
      timeCount: r.timeCount & 0xffff,
      sequence: r.sequence & 0xffff,
    }),
  }));
}
