import { useEffect, useRef } from 'react';
import type { InkPoint } from '../../native/pen/penSample';
import { inkOutline, inkSize } from '../../native/ink/inkModel';

/**
 * Draws strokes given in box coordinates (0..1) with the station's one ink model (the outline and
 * smoothing the sealed PDF uses too). The pen's width follows the size of what is drawn: here the
 * box, in the PDF the signature's own fitted extent, so a signature that fills little of its box is
 * drawn with a thinner line on screen than on paper.
 * Drawing happens once per animation frame, whatever the sample rate, from the same stroke list in
 * the customer's window and the teller's mirror.
 */
export function InkCanvas(props: { strokes: { current: InkPoint[][] }; version: number; label?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frame = useRef(0);

  useEffect(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const canvas = canvasRef.current;
      if (!canvas) return;
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
      for (const stroke of props.strokes.current) {
        if (stroke.length === 0) continue;
        const outline = inkOutline(stroke.map((p) => [p.x * w, p.y * h, p.p] as const), size, true);
        if (outline.length < 2) continue;
        const path = new Path2D();
        path.moveTo(outline[0][0], outline[0][1]);
        for (const [x, y] of outline.slice(1)) path.lineTo(x, y);
        path.closePath();
        ctx.fill(path);
      }
    });
  }, [props.version, props.strokes]);

  return <canvas ref={canvasRef} className="ink-canvas" role="img" aria-label={props.label ?? 'signature ink'} data-strokes={props.strokes.current.length} data-points={props.strokes.current.reduce((n, s) => n + s.length, 0)} />;
}
