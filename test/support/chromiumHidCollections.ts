import type { WebHidCollectionInfo, WebHidReportItem } from '../../native/hid/descriptor/descriptorFromWebHid';
import type { ParsedReportDescriptor } from '../../native/hid/descriptor/reportDescriptorParser';

// What Chromium's WebHID gives a page for a device: its HIDCollectionInfo tree, built here from a
// real descriptor so the WebHID transport (unit tests) and the fake navigator.hid (e2e) see the
// same thing a real pen would show.
const systems = ['none', 'si-linear', 'si-rotation', 'english-linear', 'english-rotation'] as const;
const nib = (unit: number, n: number) => {
  const v = (unit >>> (n * 4)) & 0xf;
  return v >= 8 ? v - 16 : v;
};

/** Chromium's HIDCollectionInfo tree for a parsed descriptor (items attached to the collection they appear in). */
export function chromiumCollections(parsed: ParsedReportDescriptor): WebHidCollectionInfo[] {
  const roots: WebHidCollectionInfo[] = [];
  const byPath = new Map<string, WebHidCollectionInfo>();
  for (const report of parsed.reports) {
    for (const f of report.fields) {
      if (f.collections.length === 0) continue;
      let parent: WebHidCollectionInfo | undefined;
      let key = '';
      for (const c of f.collections) {
        key += `/${c.usage}:${c.type}`;
        let node = byPath.get(key);
        if (!node) {
          node = { usagePage: c.usage >>> 16, usage: c.usage & 0xffff, type: c.type, children: [], inputReports: [], outputReports: [], featureReports: [] };
          byPath.set(key, node);
          (parent ? parent.children! : roots).push(node);
        }
        parent = node;
      }
      const list = f.kind === 'input' ? parent!.inputReports! : f.kind === 'output' ? parent!.outputReports! : parent!.featureReports!;
      let info = list.find((r) => r.reportId === f.reportId);
      if (!info) list.push((info = { reportId: f.reportId, items: [] }));
      const item: WebHidReportItem = {
        isAbsolute: !f.flags.relative, isArray: !f.flags.variable, isConstant: f.flags.constant, hasNull: f.flags.nullState,
        usages: f.usages, reportSize: f.bitSize, reportCount: f.count, unitExponent: f.unitExponent,
        unitSystem: systems[f.unit & 0xf] ?? 'vendor-defined', unitFactorLengthExponent: nib(f.unit, 1), unitFactorMassExponent: nib(f.unit, 2),
        unitFactorTimeExponent: nib(f.unit, 3), logicalMinimum: f.logicalMin, logicalMaximum: f.logicalMax, physicalMinimum: f.physicalMin, physicalMaximum: f.physicalMax,
      };
      info.items!.push(item);
    }
  }
  return roots;
}

