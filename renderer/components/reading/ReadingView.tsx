import { useRef, useState } from 'react';
import type { CustomerSessionView, CustomerView } from '../../../preload/common/contract';
import { everyPageSeen } from '../../../preload/common/readingCoverage';
import type { StationApi } from '../../../preload/common/stationApi';
import { customerMessages, format } from '../../i18n/customerMessages';
import { DocumentViewport, type ViewerControls, type ViewportReport } from './DocumentViewport';
import { maxZoom, minZoom } from './pageLayout';
import { PageStrip } from './PageStrip';
import { usePdfDocument, type LoadedPdf } from './usePdfDocument';
import './reading.css';

/** What the reading step reports to the services: where the customer is and which pages they saw whole. */
export type ReadingPosition = Omit<CustomerView, 'signatureBox' | 'screen'>;

/**
 * The reading step of the customer's screen: the document takes the height of the screen, a strip
 * of pages beside it (each marked once read whole, the signature's page marked too), and a column
 * of pen-sized controls: page turns, text size, whole page / page width, "go to the signature
 * place", the notice (in space kept for it, so nothing moves when it appears) and Continue.
 * The teller's mirror renders the same view, read-only, at the customer's page, zoom and position.
 */
export function ReadingView(props: {
  api: StationApi;
  view: CustomerSessionView;
  interactive: boolean;
  follow?: CustomerView;
  onView: (position: ReadingPosition) => void;
  /** The notice or problem to show, if any; one about reading to the end goes once the end is reached. */
  notice?: React.ReactNode;
  noticeIsReadToEnd: boolean;
  stopControl: React.ReactNode;
  askingStop: boolean;
  busy: boolean;
  onContinue: () => void;
}) {
  const { view, interactive, follow } = props;
  const t = customerMessages[view.language];
  const controls = useRef<ViewerControls>(null);
  const [report, setReport] = useState<ViewportReport>();
  // One copy of the document for the pages and the strip's thumbnails.
  const { pdf, error } = usePdfDocument(props.api, view.document?.id);
  // The strip's thumbnails wait until the document's first page is on screen: they would compete with it.
  const [firstPageShown, setFirstPageShown] = useState<LoadedPdf>();
  const pages = view.document?.pageCount ?? 1;
  const page = interactive ? (report?.page ?? 1) : (follow?.page ?? 1);
  const zoom = interactive ? (report?.zoom ?? 1) : (follow?.zoom ?? 1);
  const seen = (interactive ? report?.pagesSeen : follow?.pagesSeen) ?? [];
  const atEnd = view.reachedEnd || everyPageSeen(seen, pages);
  const notice = props.noticeIsReadToEnd && atEnd ? undefined : props.notice;

  const onReport = (r: ViewportReport) => {
    setReport(r);
    if (interactive) props.onView({ page: r.page, scrollFraction: r.scrollFraction, scrollLeftFraction: r.scrollLeftFraction, zoom: r.zoom, pagesSeen: r.pagesSeen });
  };

  const percent = Math.round(zoom * 100);
  const pageLabel = format(t.pageIndicator, { page, pages });
  return (
    <section className="customer-reading reading-view" aria-labelledby="step-title" data-testid="reading-view">
      <div className="reading-document">
        {pages > 1 && (
          <PageStrip pdf={pdf && firstPageShown === pdf ? pdf : undefined} pages={pages} current={page} seen={seen} fractions={interactive ? (report?.pageFractions ?? []) : []} signaturePage={view.signaturePage}
            interactive={interactive} t={t} onGo={(n) => controls.current?.goToPage(n)} />
        )}
        {view.document && (
          <DocumentViewport pdf={pdf} error={error} label={view.document.title}
            signature={view.signaturePage ? { page: view.signaturePage, rect: view.signatureRect, label: t.signHere } : undefined} interactive={interactive} follow={interactive ? undefined : follow} controls={controls} onReport={onReport} onFirstPageShown={setFirstPageShown} />
        )}
      </div>
      <aside className="reading-panel">
        <header className="step-header">
          <h1 id="step-title">{t.readTitle}</h1>
          <p className="reading-hint">{t.readHint}</p>
        </header>
        <div className="reading-where">
          <p className="page-indicator" aria-live="polite" data-testid="page-indicator" data-page={page}>{pageLabel}</p>
          {view.requireReadToEnd && (
            <p className={atEnd ? 'read-state done' : 'read-state'} data-testid="read-state" data-done={atEnd}>
              {atEnd ? t.reachedEnd : format(t.pagesRead, { read: seen.length, pages })}
            </p>
          )}
        </div>
        <div className="page-turn" role="group" aria-label={pageLabel}>
          <button disabled={!interactive || page <= 1} onClick={() => controls.current?.goToPage(page - 1)}>▲ {t.previousPage}</button>
          <button disabled={!interactive || page >= pages} onClick={() => controls.current?.goToPage(page + 1)}>▼ {t.nextPage}</button>
        </div>
        <div className="zoom" role="group" aria-label={format(t.zoomLevel, { percent })}>
          <button disabled={!interactive || zoom <= minZoom + 1e-6} onClick={() => controls.current?.zoomStep(-1)} className="zoom-button">A− <span className="zoom-word">{t.zoomOut}</span></button>
          <span className="zoom-level" aria-hidden="true">{percent}%</span>
          <button disabled={!interactive || zoom >= maxZoom - 1e-6} onClick={() => controls.current?.zoomStep(1)} className="zoom-button">A+ <span className="zoom-word">{t.zoomIn}</span></button>
        </div>
        <div className="fit" role="group">
          <button disabled={!interactive} onClick={() => controls.current?.fitPage()}>{t.fitPage}</button>
          <button disabled={!interactive} onClick={() => controls.current?.fitWidth()}>{t.fitWidth}</button>
        </div>
        {view.signaturePage && (
          <button className="go-to-signature" disabled={!interactive} onClick={() => controls.current?.goToSignature()}>✎ {t.goToSignature}</button>
        )}
        <div className="notice-slot">{notice}</div>
        <div className="reading-go">
          {props.stopControl}
          {!props.askingStop && <button className="primary" disabled={!interactive || props.busy} onClick={props.onContinue}>{t.continue}</button>}
        </div>
      </aside>
    </section>
  );
}
