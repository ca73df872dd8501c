import { useEffect, useRef, useState } from 'react';
import type { StationApi } from '../../preload/common/stationApi';
import { base64ToBytes, PdfPages } from '../components/PdfPages';

/**
 * The sealed PDF just signed, shown in a modal dialog (focus stays inside; Escape closes) and
 * printed from there for the customer's copy. The bytes live only as long as the dialog.
 */
export function SignedDocumentDialog(props: { api: StationApi; printOnOpen?: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [doc, setDoc] = useState<{ bytes: Uint8Array; fileName: string }>();
  const [problem, setProblem] = useState<string>();
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
    props.api.call('session.signedPdf', {}).then(
      (r) => setDoc({ bytes: base64ToBytes(r.base64), fileName: r.fileName }),
      (err) => setProblem((err as Error).message),
    );
  }, [props.api]);

  useEffect(() => {
    if (rendered && props.printOnOpen) window.print();
  }, [rendered, props.printOnOpen]);

  return (
    <dialog ref={dialog} className="signed-dialog print-area" aria-labelledby="signed-title" onClose={props.onClose} onCancel={props.onClose}>
      <div className="dialog-bar no-print">
        <h2 id="signed-title">{doc ? doc.fileName : 'Signed document'}</h2>
        <button disabled={!rendered} onClick={() => window.print()}>Print</button>
        <button className="primary" onClick={() => dialog.current?.close()}>Close</button>
      </div>
      {problem && <p className="notice" role="alert">{problem}</p>}
      {doc && <PdfPages api={props.api} bytes={doc.bytes} zoom={1} label="Signed document" onView={() => setRendered(true)} />}
    </dialog>
  );
}
