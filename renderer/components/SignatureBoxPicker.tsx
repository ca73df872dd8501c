import type * as pdfjs from 'pdfjs-dist';
import { useEffect, useId, useRef, useState } from 'react';
import type { PdfRectPoints } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import { useHeldPdf } from './windowPdfs';
import { format, useTellerText } from '../teller/tellerText';
import { boxPresets, dragBox, holdsSignature, nudgeBox, presetBox, type BoxPreset, type ScreenBox } from './signatureBoxGeometry';

/** Widest the page is drawn in the start form (CSS pixels); narrower when the form is. */
const PAGE_WIDTH = 460;

interface ShownPage {
  canvas: HTMLCanvasElement;
  viewport: pdfjs.PageViewport;
  /** Pixels per PDF point. */
  scale: number;
}

/**
 * "Draw a box": one page of the document, on which the teller drags the box where the customer's
 * signature goes (mouse or pen), or — without a pointer — chooses the page and a preset position.
 * The box is reported in the page's PDF points (pdf.js's viewport does the rotation and CropBox
 * arithmetic), 1-based page, exactly what 'session.start' takes as its placement.
 */
export function SignatureBoxPicker(props: {
  api: StationApi;
  documentId: string;
  pageCount: number;
  onChange: (placement: { page: number; rect: PdfRectPoints } | undefined) => void;
}) {
  const t = useTellerText();
  const [pageNumber, setPageNumber] = useState(1);
  const [box, setBox] = useState<ScreenBox>();
  const [preset, setPreset] = useState<BoxPreset | 'drawn'>('bottom-right');
  const [hint, setHint] = useState<string>();
  const holder = useRef<HTMLDivElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const { shown, problem } = useRenderedPage(props.api, props.documentId, pageNumber, wrapper);
  const ids = { page: useId(), position: useId(), help: useId() };
  const drag = useRef<{ from: { x: number; y: number }; pointerId: number }>(undefined);
  const [dragging, setDragging] = useState<ScreenBox>();

  // A new page starts with the chosen preset position (a drawn box belonged to the previous page).
  useEffect(() => {
    if (!shown) return;
    setBox(presetBox(preset === 'drawn' ? 'bottom-right' : preset, shown.viewport.width, shown.viewport.height, shown.scale));
    if (preset === 'drawn') setPreset('bottom-right');
  }, [shown]);

  // Reported in PDF points: the two corners through the page's own transformation.
  useEffect(() => {
    if (!shown || !box) return props.onChange(undefined);
    const [x1, y1] = shown.viewport.convertToPdfPoint(box.x, box.y) as number[];
    const [x2, y2] = shown.viewport.convertToPdfPoint(box.x + box.width, box.y + box.height) as number[];
    const round = (v: number) => Math.round(v * 100) / 100;
    props.onChange({ page: pageNumber, rect: [round(Math.min(x1, x2)), round(Math.min(y1, y2)), round(Math.max(x1, x2)), round(Math.max(y1, y2))] });
  }, [box, shown]);

  useEffect(() => {
    const el = holder.current;
    if (el && shown && el.firstChild !== shown.canvas) el.replaceChildren(shown.canvas);
  }, [shown]);

  const at = (e: React.PointerEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const size = shown ? { w: shown.viewport.width, h: shown.viewport.height } : { w: PAGE_WIDTH, h: PAGE_WIDTH * 1.41 };
  const visible = dragging ?? box;

  return (
    <div className="signature-box-picker" data-testid="signature-box-picker" ref={wrapper}>
      <div style={{ display: 'flex', gap: '0.6rem', flexWrap: 'wrap', alignItems: 'end' }}>
        <div className="field">
          <label htmlFor={ids.page}>{t.boxPage}</label>
          <select id={ids.page} value={pageNumber} onChange={(e) => setPageNumber(Number(e.target.value))}>
            {Array.from({ length: props.pageCount }, (_, i) => <option key={i} value={i + 1}>{i + 1}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.position}>{t.boxPosition}</label>
          <select
            id={ids.position}
            value={preset}
            onChange={(e) => {
              const p = e.target.value as BoxPreset;
              setPreset(p);
              if (shown) setBox(presetBox(p, shown.viewport.width, shown.viewport.height, shown.scale));
            }}
          >
            {preset === 'drawn' && <option value="drawn">{t.boxAsDrawn}</option>}
            {boxPresets.map((p) => <option key={p} value={p}>{t.boxPresets[p]}</option>)}
          </select>
        </div>
      </div>
      <p className="small muted" id={ids.help}>{t.boxHelp}</p>
      {problem && <p role="alert">{problem}</p>}
      {hint && <p className="small" role="status">{hint}</p>}
      <div
        data-testid="placement-page"
        data-page={pageNumber}
        data-ready={shown ? 'true' : 'false'}
        tabIndex={0}
        role="application"
        aria-label={format(t.boxPageLabel, { page: pageNumber })}
        aria-describedby={ids.help}
        onKeyDown={(e) => {
          if (!shown || !box) return;
          // 5 points a key press (about 2 mm).
          const moved = nudgeBox(box, e.key, e.shiftKey, 5 * shown.scale, size.w, size.h, shown.scale);
          if (!moved) return;
          e.preventDefault();
          setBox(moved);
          setPreset('drawn');
        }}
        style={{ position: 'relative', width: size.w, height: size.h, outline: '1px solid #8a94a6', touchAction: 'none', cursor: 'crosshair', background: '#fff' }}
        onPointerDown={(e) => {
          if (!shown || e.button !== 0) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { from: at(e), pointerId: e.pointerId };
          setDragging(dragBox(drag.current.from, drag.current.from, size.w, size.h));
          setHint(undefined);
        }}
        onPointerMove={(e) => {
          if (drag.current?.pointerId === e.pointerId) setDragging(dragBox(drag.current.from, at(e), size.w, size.h));
        }}
        onPointerUp={(e) => {
          if (drag.current?.pointerId !== e.pointerId || !shown) return;
          const drawn = dragBox(drag.current.from, at(e), size.w, size.h);
          drag.current = undefined;
          setDragging(undefined);
          if (holdsSignature(drawn, shown.scale)) {
            setBox(drawn);
            setPreset('drawn');
          } else {
            setHint(t.boxTooSmall);
          }
        }}
        onPointerCancel={() => {
          drag.current = undefined;
          setDragging(undefined);
        }}
      >
        <div ref={holder} />
        {visible && <BoxOutline box={visible} />}
      </div>
      <p className="small" aria-live="polite" data-testid="placement-summary">
        {box ? format(t.boxSummary, { page: pageNumber, where: preset === 'drawn' ? t.boxInDrawn : t.boxPresetsInSentence[preset] }) : t.boxLoading}
      </p>
    </div>
  );
}

/** One page of an inbox document, drawn by pdf.js as wide as the holder allows (at most PAGE_WIDTH). */
function useRenderedPage(api: StationApi, documentId: string, pageNumber: number, wrapper: React.RefObject<HTMLDivElement | null>) {
  // The window's one copy of the document (windowPdfs.ts): the picker and the mirror share it.
  const held = useHeldPdf(api, documentId);
  const t = useTellerText();
  const [doc, setDoc] = useState<pdfjs.PDFDocumentProxy>();
  const [shown, setShown] = useState<ShownPage>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    setDoc(undefined);
    if (!held) return;
    let cancelled = false;
    held.then(
      (loaded) => cancelled || setDoc(loaded),
      () => cancelled || setProblem(t.documentNotShown),
    );
    return () => {
      cancelled = true;
    };
  }, [held]);

  useEffect(() => {
    if (!doc) return;
    let cancelled = false;
    (async () => {
      try {
        const page = await doc.getPage(pageNumber);
        const width = Math.max(200, Math.min(PAGE_WIDTH, (wrapper.current?.clientWidth ?? PAGE_WIDTH) - 4));
        const scale = width / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale });
        const dpr = window.devicePixelRatio || 1;
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width * dpr);
        canvas.height = Math.floor(viewport.height * dpr);
        canvas.style.width = `${viewport.width}px`;
        canvas.style.height = `${viewport.height}px`;
        canvas.style.display = 'block';
        canvas.setAttribute('aria-hidden', 'true');
        await page.render({ canvas, viewport: page.getViewport({ scale: scale * dpr }) }).promise;
        if (cancelled) return;
        setShown({ canvas, viewport, scale });
      } catch (err) {
        if (!cancelled) setProblem(format(t.pageNotShown, { page: pageNumber }));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [doc, pageNumber]);

  return { shown, problem };
}

/**
 * Where a signature field of the document lies, drawn on its page: so the teller choosing among a
 * form's fields sees which is the customer's.
 */
export function SignatureFieldPreview(props: { api: StationApi; documentId: string; page: number; rect: PdfRectPoints; name: string }) {
  const t = useTellerText();
  const wrapper = useRef<HTMLDivElement>(null);
  const holder = useRef<HTMLDivElement>(null);
  const { shown, problem } = useRenderedPage(props.api, props.documentId, props.page, wrapper);
  useEffect(() => {
    const el = holder.current;
    if (el && shown && el.firstChild !== shown.canvas) el.replaceChildren(shown.canvas);
  }, [shown]);
  const r = shown?.viewport.convertToViewportRectangle(props.rect);
  const box = r && { x: Math.min(r[0], r[2]), y: Math.min(r[1], r[3]), width: Math.abs(r[2] - r[0]), height: Math.abs(r[3] - r[1]) };
  return (
    <div ref={wrapper} data-testid="field-preview" data-field={props.name}>
      {problem && <p role="alert">{problem}</p>}
      <div style={{ position: 'relative', width: shown?.viewport.width ?? PAGE_WIDTH, outline: '1px solid #8a94a6', background: '#fff' }}>
        <div ref={holder} />
        {box && <BoxOutline box={box} />}
      </div>
      <p className="small muted">{format(t.fieldOutlined, { page: props.page, name: props.name })}</p>
    </div>
  );
}

function BoxOutline({ box }: { box: ScreenBox }) {
  return (
    <div
      data-testid="placement-box"
      aria-hidden="true"
      style={{
        position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height,
        border: '2px dashed #0b5cad', background: 'rgba(11, 92, 173, 0.12)', pointerEvents: 'none', boxSizing: 'border-box',
      }}
    />
  );
}
