import { useEffect, useRef, useState } from 'react';
import type { StationApi } from '../../preload/common/stationApi';
import { PdfPages } from '../components/PdfPages';
import { saveFile } from './saveFile';
import { format, useTellerText } from './tellerText';
import { problemWords } from './stationWords';

/**
 * The sealed PDF just signed, shown in a modal dialog (focus stays inside; Escape closes) at the
 * page of the signature, printed from there for the customer's copy or saved as a file. The bytes
 * live only as long as the dialog.
 */
export function SignedDocumentDialog(props: { api: StationApi; printOnOpen?: boolean; page?: number; onClose: () => void }) {
  const t = useTellerText();
  const dialog = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<{ bytes: Uint8Array; fileName: string }>();
  const [problem, setProblem] = useState<string>();
  const [rendered, setRendered] = useState(false);
  const [complete, setComplete] = useState(false);
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    dialog.current?.showModal();
    props.api.call('session.signedPdf', {}).then(
      (r) => setDoc({ bytes: r.bytes, fileName: r.fileName }),
      (err) => setProblem(problemWords(err, t)),
    );
  }, [props.api]);

  useEffect(() => {
    if (complete && props.printOnOpen) window.print();
  }, [complete, props.printOnOpen]);

  // pdf.js adds the pages one by one: once all are there, the signature's page is brought into view.
  useEffect(() => {
    const el = body.current?.querySelector<HTMLElement>('.pdf-pages');
    if (!el) return;
    const check = () => {
      const total = Number(el.dataset.total);
      if (total > 0 && Number(el.dataset.pages) === total) setComplete(true);
    };
    const observer = new MutationObserver(check);
    observer.observe(el, { attributes: true, attributeFilter: ['data-pages', 'data-total'] });
    check();
    return () => observer.disconnect();
  }, [doc]);
  useEffect(() => {
    const el = body.current?.querySelector<HTMLElement>('.pdf-pages');
    const target = props.page && el?.querySelectorAll<HTMLElement>('.pdf-page')[props.page - 1];
    if (complete && el && target) el.scrollTop = target.offsetTop - el.offsetTop - 8;
  }, [complete, props.page]);

  return (
    <dialog ref={dialog} className="signed-dialog print-area" aria-labelledby="signed-title" onClose={props.onClose} onCancel={props.onClose}>
      <div className="dialog-bar no-print">
        <h2 id="signed-title">{doc ? doc.fileName : t.signedDocument}</h2>
        <button disabled={!doc} onClick={() => doc && setSaved(saveFile(doc.bytes, doc.fileName))}>{t.savePdf}</button>
        <button disabled={!rendered} onClick={() => window.print()}>{t.print}</button>
        <button className="primary" onClick={() => dialog.current?.close()}>{t.close}</button>
      </div>
      <p className="dialog-notes small no-print" role="status">
        {complete && props.page && <span data-testid="signed-page" data-page={props.page}>{format(t.signatureOnPage, { page: props.page })}</span>}
        {saved && <span>{format(t.savedAs, { name: saved })}</span>}
      </p>
      {problem && <p className="notice" role="alert">{problem}</p>}
      <div className="signed-body" ref={body}>
        {doc && <PdfPages bytes={doc.bytes} zoom={1} label={t.signedDocument} onView={() => setRendered(true)} />}
      </div>
    </dialog>
  );
}
