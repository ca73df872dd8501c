import { useEffect, useRef, useState } from 'react';
import type { InboxItem } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';

const sourceNames: Record<InboxItem['source'], string> = { file: 'File', api: 'API', print: 'Print', 'hot-folder': 'Hot folder', demo: 'Demo' };
const statusNames: Record<InboxItem['status'], string> = { waiting: 'Waiting', 'in-session': 'On screen', signed: 'Signed', cancelled: 'Cancelled', failed: 'Failed' };
const syncNames: Record<NonNullable<InboxItem['syncState']>, string> = { queued: 'waiting for sync', uploading: 'syncing', synced: 'synced' };

/** "just now", "4 min", "2 h 5 min", "3 days": how long a request has been waiting. */
export function ageOf(receivedAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(receivedAt)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

/**
 * The teller's queue: every request from files, the API and print jobs, oldest first, with its
 * source, reference, age and status. One button per row starts a signing; everything works from
 * the keyboard (Tab to a row's button, Enter).
 */
export function QueuePanel(props: {
  api: StationApi;
  items: InboxItem[];
  canStart: boolean;
  mayAdd: boolean;
  selectedId?: string;
  onSelect: (id: string | undefined) => void;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { api, items, act } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const importFile = (file: File) =>
    act(async () => {
      if (!/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') throw new Error(`${file.name} is not a PDF file.`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const { id } = await api.call('inbox.importPdf', { fileName: file.name, base64: btoa(bin) });
      props.onSelect(id);
    });

  const sorted = [...items].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="panel-title">
        <h2 id="queue-title">Queue</h2>
        {props.mayAdd && <div className="queue-actions">
          <button onClick={() => fileInput.current?.click()}>Open PDF…</button>
          <input
            ref={fileInput}
            type="file"
            accept="application/pdf,.pdf"
            hidden
            aria-label="PDF file"
            data-testid="pdf-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) importFile(file);
            }}
          />
          <button onClick={() => act(async () => props.onSelect((await api.call('inbox.addDemo', {})).id))}>Add demo document</button>
          <button onClick={() => act(async () => props.onSelect((await api.call('inbox.addDemoPackage', {})).ids[0]))}>Add demo package</button>
        </div>}
      </div>
      {sorted.length === 0 ? (
        <p className="muted">No documents waiting. Open a PDF, or wait for requests from the bank's systems and printers.</p>
      ) : (
        <table className="queue-table">
          <caption className="visually-hidden">Documents to sign, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Source</th>
              <th scope="col">Reference</th>
              <th scope="col">Age</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="visually-hidden">Action</span></th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((item) => (
              <tr key={item.id} data-status={item.status} className={props.selectedId === item.id ? 'selected' : undefined}>
                <th scope="row">
                  {item.title}
                  <span className="muted small"> · {item.pageCount} p.{item.signerName ? ` · ${item.signerName}` : ''}</span>
                </th>
                <td>{sourceNames[item.source]}</td>
                <td>{item.reference ?? '—'}</td>
                <td><time dateTime={item.receivedAt} title={new Date(item.receivedAt).toLocaleString()}>{ageOf(item.receivedAt, now)}</time></td>
                <td>
                  <span className={`badge ${item.status}`}>{statusNames[item.status]}</span>
                  {item.syncState && <span className={`badge sync-${item.syncState}`}>{syncNames[item.syncState]}</span>}
                </td>
                <td>
                  {item.status === 'waiting' && props.canStart && (
                    <button onClick={() => props.onSelect(props.selectedId === item.id ? undefined : item.id)} aria-expanded={props.selectedId === item.id} aria-label={`Start signing: ${item.title}`}>
                      Start…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
