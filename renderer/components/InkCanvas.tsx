import { useEffect, useRef } from 'react';
import type { InkPoint } from '../../native/pen/penSample';
import { inkOutline, inkSize } from '../../native/ink/inkModel';
import type { InkSource } from './useInk';

/**
 * Draws strokes given in box coordinates (0..1) with the station's one ink model (the outline and
 * smoothing the sealed PDF uses too). The pen's width follows the size of what is drawn: here the
 * box, in the PDF the signature's own fitted extent, so a signature that fills little of its box is
 * drawn with a thinner line on screen than on paper.
 * Drawing happens at most once per animation frame, straight onto the canvas when the ink changes
 * (no React render in between), from the same stroke list in the customer's window and the
 * teller's mirror; the customer's window adds its own points the station has not sent back yet.
 * data-strokes / data-points count the station's ink only (what will be sealed).
 */
/** What a canvas needs of the ink: the strokes to count, the strokes to show, and a call when they change. */
export type InkView = Pick<InkSource, 'strokes' | 'shown' | 'onChange'>;

/** Ink that does not change (a signature shown for review, already fitted to its place). */
export function fixedInk(strokes: InkPoint[][]): InkView {
  return { strokes: { current: strokes }, shown: () => strokes, onChange: (draw) => (draw(), () => undefined) };
}

export function InkCanvas(props: { ink: InkView; label?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { ink } = props;

  useEffect(() => {
    // A finished stroke's outline is made once per canvas size, not once per frame.
    const outlines = new WeakMap<InkPoint[], { length: number; w: number; h: number; path: Path2D | undefined }>();
    const outlineOf = (stroke: InkPoint[], w: number, h: number, size: number): Path2D | undefined => {
      const cached = outlines.get(stroke);
      if (cached && cached.length === stroke.length && cached.w === w && cached.h === h) return cached.path;
      const outline = inkOutline(stroke.map((p) => [p.x * w, p.y * h, p.p] as const), size, true);
      let path: Path2D | undefined;
      if (outline.length >= 2) {
        path = new Path2D();
        path.moveTo(outline[0][0], outline[0][1]);
        for (let i = 1; i < outline.length; i++) path.lineTo(outline[i][0], outline[i][1]);
        path.closePath();
      }
      outlines.set(stroke, { length: stroke.length, w, h, path });
      return path;
    };
    const draw = () => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      const session = ink.strokes.current;
      canvas.dataset.strokes = String(session.length);
      canvas.dataset.points = String(session.reduce((n, s) => n + s.length, 0));
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(rect.width * dpr));
      const h = Math.max(1, Math.round(rect.height * dpr));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = '#10206a';
      const size = Math.max(2, inkSize({ width: w, height: h }));
      for (const stroke of ink.shown()) {
        if (stroke.length === 0) continue;
        const path = outlineOf(stroke, w, h, size);
        if (path) ctx.fill(path);
      }
    };
    const off = ink.onChange(draw);
    // The box changes size with the window (and the zoom): the outline follows it.
    const resized = new ResizeObserver(() => draw());
    if (canvasRef.current) resized.observe(canvasRef.current);
    return () => {
      off();
      resized.disconnect();
    };
  }, [ink]);

  return <canvas ref={canvasRef} className="ink-canvas" role="img" aria-label={props.label ?? 'signature ink'} />;
}
