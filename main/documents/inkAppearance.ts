import type { PDFFont } from 'pdf-lib';
import { fitUniform, shapeBounds, signatureShape } from '../../native/pen/captureSurface';
import { inkOutline, inkSize } from '../../native/ink/inkModel';
import type { BiometricRecord } from '../pen/biometricRecord';

/**
 * The content stream of a signature's appearance: the customer's strokes as filled vector outlines
 * in the station's one ink model (native/ink/inkModel.ts, whose outline the screen draws too; the
 * pen's width here follows the signature's fitted extent, on screen the box's size), and under them
 * the signer's name, date/time and place. The shape is taken from the raw samples in one unit for
 * x and y (native/pen/captureSurface.ts: millimetres, pixels, or square raw units), scaled
 * uniformly to fit the place and centred: never stretched, whatever the device or the box.
 * Drawn in DeviceGray so that PDF/A documents with any output intent stay conformant, and so that
 * it prints like pen on paper.
 */
export interface InkAppearanceInput {
  /** Absent for the bank's seal: only the caption is drawn (no ink, nothing was written by hand). */
  record?: BiometricRecord;
  width: number;
  height: number;
  /** Lines of text under the ink, top to bottom (name, date/time, place). Empty lines are skipped. */
  caption: string[];
  font: PDFFont;
}

/** Points of travel below which consecutive samples are merged (0.1 pt ≈ 0.035 mm). */
const MIN_STEP = 0.1;

const f = (n: number) => (Math.round(n * 100) / 100).toString();

/** The thinnest pen that prints and shows at 100 % (points). */
const MIN_PEN = 0.45;

export function inkAppearanceContent(input: InkAppearanceInput): string {
  const { width, height, font } = input;
  const caption = input.caption.map((s) => s.trim()).filter(Boolean);
  const margin = Math.max(1, Math.min(width, height) * 0.04);
  // Without ink (the bank's seal) the words are the whole appearance: they may fill the box.
  const share = input.record ? 0.32 : 0.8;
  const fontSize = Math.max(4, Math.min(input.record ? 9 : 14, (height * share) / Math.max(1, caption.length) / 1.2));
  const captionHeight = caption.length ? caption.length * fontSize * 1.2 + margin : 0;
  const ink = { x: margin, y: captionHeight + margin, w: width - 2 * margin, h: height - captionHeight - 2 * margin };
  const ops: string[] = ['q'];

  // Ink: the drawn shape, fitted uniformly into the ink area and centred (PDF y grows upwards).
  const strokes = input.record ? signatureShape(input.record.samples, input.record.device) : [];
  const bounds = shapeBounds(strokes);
  if (bounds && ink.w > 2 && ink.h > 2) {
    // The pen reaches up to 0.8 × its width beyond the line at full pressure: fit the line inside that.
    const area = (inset: number) => ({ x: ink.x + inset, y: ink.y + inset, width: Math.max(1, ink.w - 2 * inset), height: Math.max(1, ink.h - 2 * inset) });
    const first = Math.max(MIN_PEN, inkSize(fitUniform(bounds, area(0)).placed));
    const fit = fitUniform(bounds, area(first * 0.8), { flipY: true });
    const size = Math.max(MIN_PEN, inkSize(fit.placed));
    const hasPressure = strokes.some((s) => s.some((p) => p.p > 0));
    ops.push('0.05 g');
    for (const s of strokes) {
      const all = s.map((p) => [...fit.map(p), p.p] as [number, number, number]);
      // Fast pens (1 kHz) give many points closer together than print can show; keep one per
      // MIN_STEP points of travel (and every pressure change that matters) to bound the stream size.
      const pts = [all[0]];
      for (let i = 1; i < all.length; i++) {
        const p = all[i];
        const kept = pts[pts.length - 1];
        if (i === all.length - 1 || Math.hypot(p[0] - kept[0], p[1] - kept[1]) >= MIN_STEP || Math.abs(p[2] - kept[2]) > 0.08) pts.push(p);
      }
      const outline = inkOutline(pts, size, hasPressure);
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
