import { getStroke } from 'perfect-freehand';
import type { PDFFont } from 'pdf-lib';
import { strokesOf, type BiometricRecord } from '../pen/biometricRecord';

/**
 * The content stream of a signature's appearance: the customer's strokes as filled vector outlines
 * whose width follows pen pressure (perfect-freehand, the same model the on-screen ink uses), and
 * under them the signer's name, date/time and place. Drawn in DeviceGray so that PDF/A documents
 * with any output intent stay conformant, and so that it prints like pen on paper.
 */
export interface InkAppearanceInput {
  record: BiometricRecord;
  width: number;
  height: number;
  /** Lines of text under the ink, top to bottom (name, date/time, place). Empty lines are skipped. */
  caption: string[];
  font: PDFFont;
}

/** Points of travel below which consecutive samples are merged (0.1 pt ≈ 0.035 mm). */
const MIN_STEP = 0.1;

const f = (n: number) => (Math.round(n * 100) / 100).toString();

/** Device aspect (width/height of one normalised unit square), so that ink is not stretched. */
function deviceAspect(record: BiometricRecord): number {
  const d = record.device;
  if (d.widthMm && d.heightMm && d.widthMm > 0 && d.heightMm > 0) return d.widthMm / d.heightMm;
  const xr = d.xRange[1] - d.xRange[0];
  const yr = d.yRange[1] - d.yRange[0];
  return xr > 0 && yr > 0 ? xr / yr : 1;
}

export function inkAppearanceContent(input: InkAppearanceInput): string {
  const { width, height, font } = input;
  const caption = input.caption.map((s) => s.trim()).filter(Boolean);
  const margin = Math.max(1, Math.min(width, height) * 0.04);
  const fontSize = Math.max(4, Math.min(9, (height * 0.32) / Math.max(1, caption.length) / 1.2));
  const captionHeight = caption.length ? caption.length * fontSize * 1.2 + margin : 0;
  const ink = { x: margin, y: captionHeight + margin, w: width - 2 * margin, h: height - captionHeight - 2 * margin };
  const ops: string[] = ['q'];

  // Ink: fit the bounding box of all tip-down samples into the ink area, preserving device aspect.
  // Samples with non-finite coordinates (a broken source) would write "NaN" into the PDF: leave them out.
  const finite = input.record.samples.filter((p) => !p.tip || (Number.isFinite(p.nx) && Number.isFinite(p.ny) && Number.isFinite(p.np)));
  const strokes = strokesOf(finite).filter((s) => s.length > 0);
  const aspect = deviceAspect(input.record);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of strokes) for (const p of s) {
    const x = p.nx * aspect;
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, p.ny); maxY = Math.max(maxY, p.ny);
  }
  if (strokes.length && ink.w > 2 && ink.h > 2) {
    const spanX = Math.max(maxX - minX, 1e-6);
    const spanY = Math.max(maxY - minY, 1e-6);
    const scale = Math.min(ink.w / spanX, ink.h / spanY);
    const offX = ink.x + (ink.w - spanX * scale) / 2;
    const offY = ink.y + (ink.h - spanY * scale) / 2;
    const size = Math.max(0.9, Math.min(3.2, Math.min(ink.w, ink.h) * 0.045));
    const hasPressure = strokes.some((s) => s.some((p) => p.np > 0));
    ops.push('0.05 g');
    for (const s of strokes) {
      const all = s.map((p) => [
        offX + (p.nx * aspect - minX) * scale,
        offY + (maxY - p.ny) * scale, // device y grows downwards, PDF y upwards
        hasPressure ? Math.max(0.05, Math.min(1, p.np)) : 0.5,
      ]);
      // Fast pens (1 kHz) give many points closer together than print can show; keep one per
      // MIN_STEP points of travel (and every pressure change that matters) to bound the stream size.
      const pts = [all[0]];
      for (let i = 1; i < all.length; i++) {
        const p = all[i];
        const kept = pts[pts.length - 1];
        if (i === all.length - 1 || Math.hypot(p[0] - kept[0], p[1] - kept[1]) >= MIN_STEP || Math.abs(p[2] - kept[2]) > 0.08) pts.push(p);
      }
      const outline = getStroke(pts, { size, thinning: 0.65, smoothing: 0.5, streamline: 0.35, simulatePressure: !hasPressure, last: true });
      if (outline.length < 3) continue;
      ops.push(`${f(outline[0][0])} ${f(outline[0][1])} m`);
      for (let i = 1; i < outline.length; i++) ops.push(`${f(outline[i][0])} ${f(outline[i][1])} l`);
      ops.push('h f');
    }
  }

  // A thin line the ink sits on, then the caption.
  if (caption.length) {
    ops.push('0.55 G 0.4 w', `${f(margin)} ${f(captionHeight)} m ${f(width - margin)} ${f(captionHeight)} l S`);
    ops.push('0.1 g', 'BT');
    caption.forEach((line, i) => {
      let size = fontSize;
      const w = font.widthOfTextAtSize(line, size);
      if (w > width - 2 * margin) size = Math.max(3, (size * (width - 2 * margin)) / w);
      const y = captionHeight - margin / 2 - (i + 1) * fontSize * 1.2 + fontSize * 0.25;
      ops.push(`/F1 ${f(size)} Tf 1 0 0 1 ${f(margin)} ${f(y)} Tm ${font.encodeText(line).toString()} Tj`);
    });
    ops.push('ET');
  }
  ops.push('Q');
  return ops.join('\n');
}
