import type * as pdfjs from 'pdfjs-dist';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StationApi } from '../../../preload/common/stationApi';
import { useHeldPdf } from '../windowPdfs';

export interface PlaceOnPage {
  page: number;
  /** PDF points [x1, y1, x2, y2], origin bottom-left. */
  rect: [number, number, number, number];
  /** The page's /Rotate, when the station sent it. */
  rotate?: number;
}

/** Whether the page is turned a quarter (90 or 270 degrees, however /Rotate writes it); undefined: not known. */
const quarterTurned = (rotate: number | undefined) => (rotate === undefined ? undefined : (((rotate % 360) + 360) % 180) === 90);

interface Layout {
  /** The place on the window, CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The page around the place where the signature goes: the place drawn at its real shape (the
 * field's or box's aspect, from its rect) as large as `fill` of the window allows, centred, with as
 * much of the page around it as there is room for. `children` sit exactly on the place (the pad
 * while signing, the ink while reviewing), so what is drawn there has the shape it has on the page.
 */
export function SignaturePageWindow(props: {
  api: StationApi;
  documentId: string;
  place: PlaceOnPage;
  /** Largest share of the window's width and height the place may take. */
  fill: { width: number; height: number };
  label: string;
  onLayout?: () => void;
  /** What sits on the place; as a function, it is given the place's size as the reader sees it (points, turned with the page). */
  children: React.ReactNode | ((upright: { width: number; height: number }) => React.ReactNode);
}) {
  const { api, documentId, place, fill } = props;
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ width: number; height: number }>();
  // The place's size on the page: its rect, turned with the page (known once the page is read).
  const [drawnTurned, setTurned] = useState(false);
  // Known from the station at once; else found when the page is read.
  const turned = quarterTurned(place.rotate) ?? drawnTurned;
  const [rw, rh] = [Math.abs(place.rect[2] - place.rect[0]), Math.abs(place.rect[3] - place.rect[1])];
  // The pad is there at once, from the rect alone: a pen that writes before the page is drawn is not lost.
  const layout = size && size.width >= 10 && size.height >= 10 ? placeLayout(size, turned ? rh : rw, turned ? rw : rh, fill) : undefined;

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The window's one copy of the document, the reading view's too (windowPdfs.ts).
  const pdf = useHeldPdf(api, documentId);
  const rectKey = place.rect.join(',');
  useEffect(() => {
    if (!pdf || !size || size.width < 10 || size.height < 10) return;
    let cancelled = false;
    let task: pdfjs.RenderTask | undefined;
    (async () => {
      const page = await (await pdf).getPage(place.page);
      if (cancelled) return;
      const unit = page.getViewport({ scale: 1 });
      // convertToViewportRectangle follows the page's rotation and crop box, as pdf.js draws it.
      const [ax, ay, bx, by] = unit.convertToViewportRectangle(place.rect);
      const [x1, y1, w, h] = [Math.min(ax, bx), Math.min(ay, by), Math.abs(bx - ax), Math.abs(by - ay)];
      const quarterTurn = Math.abs(w - rh) < Math.abs(w - rw);
      if (quarterTurn !== drawnTurned) setTurned(quarterTurn);
      const placed = placeLayout(size, w, h, fill);
      const scale = placed.scale;
      const dpr = window.devicePixelRatio || 1;
      const offsetX = (placed.left - x1 * scale) * dpr;
      const offsetY = (placed.top - y1 * scale) * dpr;
      const c = canvas.current;
      if (!c) return;
      c.width = Math.round(size.width * dpr);
      c.height = Math.round(size.height * dpr);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#d9dde3';
      ctx.fillRect(0, 0, c.width, c.height);
      // The page's own white, then its content, both where the page lies in the window.
      const viewport = page.getViewport({ scale: scale * dpr, offsetX, offsetY });
      const [px1, py1, px2, py2] = viewport.convertToViewportRectangle(page.view);
      ctx.fillStyle = '#fff';
      ctx.fillRect(Math.min(px1, px2), Math.min(py1, py2), Math.abs(px2 - px1), Math.abs(py2 - py1));
      // Transparent: pdf.js would otherwise paint the whole window white, over the grey around the page.
      task = page.render({ canvas: c, viewport, background: 'rgba(0,0,0,0)' });
      await task.promise.catch(() => undefined);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, place.page, rectKey, size?.width, size?.height, fill.width, fill.height, turned, drawnTurned]);

  useEffect(() => {
    if (layout) props.onLayout?.();
  }, [layout?.left, layout?.top, layout?.width, layout?.height]);

  return (
    <div className="signature-page-window" ref={frame} data-testid="signature-page-window" data-page={place.page}>
      <canvas ref={canvas} className="signature-page-canvas" role="img" aria-label={props.label} />
      {layout && (
        <div className="signature-place" data-testid="signature-place" style={{ left: layout.left, top: layout.top, width: layout.width, height: layout.height }}>
          {typeof props.children === 'function' ? props.children({ width: turned ? rh : rw, height: turned ? rw : rh }) : props.children}
        </div>
      )}
    </div>
  );
}

/** The place as large as `fill` of the window allows, centred; `scale` is CSS pixels per point. */
function placeLayout(size: { width: number; height: number }, w: number, h: number, fill: { width: number; height: number }): Layout & { scale: number } {
  const scale = Math.min((size.width * fill.width) / w, (size.height * fill.height) / h);
  return { scale, left: Math.round(size.width / 2 - (w * scale) / 2), top: Math.round(size.height / 2 - (h * scale) / 2), width: Math.round(w * scale), height: Math.round(h * scale) };
}
