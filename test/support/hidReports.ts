import { writeBits } from '../../native/hid/decode/bitField';
import type { PenFieldSpec, PenReportLayout } from '../../native/hid/descriptor/penFieldExtraction';

/** Builds the input report a device would send for these field values, from its descriptor's layout alone. */
export function buildReport(layout: PenReportLayout, values: Partial<Record<string, number>>): Uint8Array {
  const report = new Uint8Array(layout.byteLength);
  const base = layout.usesReportId ? 1 : 0;
  if (layout.usesReportId) report[0] = layout.reportId;
  const all = { ...layout.fields, ...layout.extra } as Record<string, PenFieldSpec>;
  for (const [name, v] of Object.entries(values)) if (all[name] && v !== undefined) writeBits(report, base, all[name].bitOffset, all[name].bitSize, v);
  return report;
}
