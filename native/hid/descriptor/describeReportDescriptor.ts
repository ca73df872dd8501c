/**
 * The JSON that `station hid describe <descriptor.bin> --json` prints. Other tools read it, so its
 * shape is fixed: `reports` (every input report's layout) and `pens` (one entry per input report
 * that carries a pen, with only the pen fields that report has). Pure: shared with the browser.
 */
import { usageHex } from './hidUsages';
import { penFieldNames, penLayoutsOf, type PenFieldSpec, type PenFieldName } from './penFieldExtraction';
import { parseReportDescriptor, type ParsedReportDescriptor } from './reportDescriptorParser';

export interface DescribedField {
  bitOffset: number;
  bitSize: number;
  count: number;
  /** 'variable', 'array' or 'constant' (padding). */
  type: 'variable' | 'array' | 'constant';
  relative: boolean;
  usages: string[];
  logicalMin: number;
  logicalMax: number;
  physicalMin: number;
  physicalMax: number;
  unit: number;
  unitExponent: number;
}

export interface DescribedReport {
  reportId: number;
  /** Bytes on the wire including the report-ID byte when the descriptor uses IDs. */
  byteLength: number;
  bitLength: number;
  fields: DescribedField[];
}

export interface DescribedPen {
  reportId: number;
  fields: Partial<Record<PenFieldName, PenFieldSpec>>;
}

export interface DescriptorDescription {
  reports: DescribedReport[];
  pens: DescribedPen[];
}

export function describeParsedDescriptor(parsed: ParsedReportDescriptor): DescriptorDescription {
  const reports = parsed.reports
    .filter((r) => r.kind === 'input')
    .map((r) => ({
      reportId: r.reportId,
      byteLength: Math.ceil(r.bitLength / 8) + (parsed.usesReportIds ? 1 : 0),
      bitLength: r.bitLength,
      fields: r.fields.map((f) => ({
        bitOffset: f.bitOffset,
        bitSize: f.bitSize,
        count: f.count,
        type: f.flags.constant ? 'constant' : f.flags.variable ? 'variable' : 'array',
        relative: f.flags.relative,
        usages: f.usages.map(usageHex),
        logicalMin: f.logicalMin,
        logicalMax: f.logicalMax,
        physicalMin: f.physicalMin,
        physicalMax: f.physicalMax,
        unit: f.unit,
        unitExponent: f.unitExponent,
      }) satisfies DescribedField),
    }));
  const pens = penLayoutsOf(parsed).map((p) => {
    // Fixed key order, only the fields present.
    const fields: Partial<Record<PenFieldName, PenFieldSpec>> = {};
    for (const name of penFieldNames) {
      const spec = p.fields[name];
      if (spec) fields[name] = { ...spec };
    }
    return { reportId: p.reportId, fields };
  });
  return { reports, pens };
}

export function describeReportDescriptor(descriptor: Uint8Array): DescriptorDescription & { warnings: string[] } {
  const parsed = parseReportDescriptor(descriptor);
  return { ...describeParsedDescriptor(parsed), warnings: parsed.warnings };
}
