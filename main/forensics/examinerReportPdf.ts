import { PDFDocument, PDFFont, PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { Chart } from './examinerReportCharts';
import { overlayChart, profileChart } from './examinerReportCharts';
import type { ExaminerReport } from './examinerReport';

/**
 * The examiner's report as PDF (A4), drawn with pdf-lib from the same chart geometry as the HTML.
 * Standard Helvetica only covers WinAnsi: text is reduced to it (file names in other scripts keep
 * their SHA-256, which is what identifies them).
 */
export async function renderExaminerReportPdf(report: ExaminerReport): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(report.title);
  pdf.setSubject(`Questioned ${report.questioned.name} against ${report.references.length} references`);
  pdf.setProducer('Signing Station forensic comparison');
  pdf.setCreationDate(new Date(report.generatedAt));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const writer = new PageWriter(pdf, font, bold);
  const v = report.verdict;

  writer.text(report.title, { size: 16, bold: true });
  writer.text(`Generated ${report.generatedAt}`, { size: 9 });
  if (report.document) writer.text(`Document ${report.document.name ?? ''} SHA-256 ${report.document.sha256}`, { size: 8 });
  writer.gap(6);
  writer.text(`Score ${v.score.toFixed(2)} (threshold ${v.threshold.toFixed(2)}): ${v.consistent ? 'CONSISTENT with the references' : 'NOT CONSISTENT with the references'}`, { size: 12, bold: true, colour: v.consistent ? [0.18, 0.49, 0.2] : [0.75, 0.22, 0.17] });
  writer.gap(4);
  for (const line of report.interpretation) writer.text(`- ${line}`, { size: 9 });
  writer.gap(6);
  writer.chart(overlayChart(report, 515, 240));
  writer.chart(profileChart(report, 'pressure', 515, 120));
  writer.chart(profileChart(report, 'speed', 515, 120));
  writer.text('Distances to each reference', { size: 11, bold: true });
  report.references.forEach((r, i) =>
    writer.text(`${r.name}${i === report.nearest ? ' (nearest)' : ''}: ${r.distance.toFixed(3)} = ${(r.distance / report.referenceSpread).toFixed(2)} x the references' own spread`, { size: 9 }),
  );
  writer.gap(6);
  writer.text('Provenance', { size: 11, bold: true });
  for (const [role, s] of [['questioned', report.questioned], ...report.references.map((r, i) => [`reference ${i + 1}`, r] as const)] as const) {
    const p = s.provenance;
    writer.text(`${role}: ${s.name} (${s.format})`, { size: 9, bold: true });
    writer.text(
      `${p.device}; ${p.source}/${p.profile}; ${p.nominalRateHz ? `${p.nominalRateHz} Hz nominal, ` : ''}${p.measuredRateHz.toFixed(0)} Hz measured; ${p.samples} samples (${p.penDownPoints} pen-down), ${p.strokes} strokes, ${(p.durationMs / 1000).toFixed(2)} s; captured ${p.capturedAt || 'unknown'}${p.gaps ? `; ${p.gaps} capture gap(s)` : ''}`,
      { size: 8 },
    );
    writer.text(`file SHA-256 ${s.sha256}`, { size: 7 });
    if (p.sealedIn) {
      writer.text(`sealed in document revision SHA-256 ${p.sealedIn.documentSha256}${p.sealedIn.fieldName ? `, field ${p.sealedIn.fieldName}` : ''}${p.sealedIn.sealedAt ? `, ${p.sealedIn.sealedAt}` : ''}`, { size: 7 });
    }
  }
  writer.gap(6);
  writer.text('Method', { size: 11, bold: true });
  for (const line of report.method) writer.text(`- ${line}`, { size: 8 });
  return pdf.save();
}

type Rgb = [number, number, number];

class PageWriter {
  private page: PDFPage;
  private y: number;
  private readonly margin = 40;
  constructor(private readonly pdf: PDFDocument, private readonly font: PDFFont, private readonly bold: PDFFont) {
    this.page = pdf.addPage([595.28, 841.89]);
    this.y = this.page.getHeight() - this.margin;
  }

  private ensure(height: number): void {
    if (this.y - height < this.margin) {
      this.page = this.pdf.addPage([595.28, 841.89]);
      this.y = this.page.getHeight() - this.margin;
    }
  }

  gap(points: number): void {
    this.y -= points;
  }

  text(text: string, options: { size: number; bold?: boolean; colour?: Rgb }): void {
    const font = options.bold ? this.bold : this.font;
    const width = this.page.getWidth() - 2 * this.margin;
    for (const line of wrap(winAnsi(text), font, options.size, width)) {
      this.ensure(options.size * 1.35);
      this.y -= options.size * 1.35;
      this.page.drawText(line, { x: this.margin, y: this.y, size: options.size, font, color: rgb(...(options.colour ?? [0.1, 0.12, 0.14])) });
    }
  }

  chart(chart: Chart): void {
    this.text(chart.title, { size: 9, bold: true });
    this.ensure(chart.height + 14);
    const top = this.y - 2;
    const left = this.margin;
    this.page.drawRectangle({ x: left, y: top - chart.height, width: chart.width, height: chart.height, borderColor: rgb(0.85, 0.87, 0.9), borderWidth: 0.5 });
    for (const line of chart.lines) {
      const colour = rgb(...hexColour(line.colour));
      for (let i = 1; i < line.points.length; i++) {
        const [x0, y0] = line.points[i - 1]!, [x1, y1] = line.points[i]!;
        this.page.drawLine({ start: { x: left + x0, y: top - y0 }, end: { x: left + x1, y: top - y1 }, thickness: line.width, color: colour });
      }
    }
    this.y = top - chart.height - 2;
    let x = left;
    for (const entry of chart.legend) {
      const label = winAnsi(entry.label);
      this.page.drawRectangle({ x, y: this.y - 8, width: 10, height: 3, color: rgb(...hexColour(entry.colour)) });
      this.page.drawText(label, { x: x + 13, y: this.y - 10, size: 7, font: this.font });
      x += 20 + this.font.widthOfTextAtSize(label, 7);
    }
    if (chart.xLabel) this.page.drawText(winAnsi(chart.xLabel), { x: x + 6, y: this.y - 10, size: 7, font: this.font });
    this.y -= 18;
  }
}

function hexColour(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Keeps what Helvetica's WinAnsi encoding can show; replaces the rest. */
function winAnsi(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2265/g, '>=')
    .replace(/\u00d7/g, 'x')
    .replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    let candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      candidate = word;
    }
    // A single overlong word (a hash, a path) is cut.
    while (font.widthOfTextAtSize(candidate, size) > width && candidate.length > 1) {
      let cut = candidate.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(candidate.slice(0, cut), size) > width) cut--;
      lines.push(candidate.slice(0, cut));
      candidate = candidate.slice(cut);
    }
    line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}
