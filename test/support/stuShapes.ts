import { StuReportId, encodeStuCapability, encodeStuInformation } from '../../native/profiles/wacomStuProtocol';
import { STU_PRODUCTS } from '../../native/profiles/wacomStu';
import type { SimulatedStream } from '../../native/transport/simulatedPen';
import { simulatedStuDevice } from '../../native/transport/syntheticSignature';
import { stuLogSessionToReports, type StuLogRow } from '../../native/transport/stuLog';
import type { Polyline } from './drawnShapes';

/** The STU-530 the simulated pen plays (108 × 64.8 mm). */
export const stu530Capability = STU_PRODUCTS[0x00a5].capability;

/**
 * Shapes drawn in millimetres on a virtual STU-530, as the pad's own 0x34 reports: pen-down rows
 * per stroke at `pressure`, a pen-up row after each, 5 ms apart.
 */
export function stuShapeStream(strokes: Polyline[], pressure = 500): SimulatedStream {
  const mmPerUnit = 25.4 / stu530Capability.resolution;
  const rows: StuLogRow[] = [];
  const row = (x: number, y: number, p: number) => rows.push({ timeCount: 1000 + rows.length * 5, sequence: rows.length + 1, x: Math.round(x / mmPerUnit), y: Math.round(y / mmPerUnit), pressure: p });
  for (const stroke of strokes) {
    for (const [x, y] of stroke) row(x, y, pressure);
    row(...stroke.at(-1)!, 0);
  }
  return {
    device: simulatedStuDevice,
    reports: stuLogSessionToReports(rows),
    features: new Map([
      [StuReportId.capability, encodeStuCapability(stu530Capability)],
      [StuReportId.information, encodeStuInformation({ modelName: 'STU-530', firmwareMajor: 1, firmwareMinor: 0 })],
    ]),
    label: 'shapes on the simulated pad',
  };
}
