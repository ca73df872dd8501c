import { useEffect, useRef, useState } from 'react';
import type { InboxItem, SessionState } from '../../preload/common/contract';
import type { StationApi } from '../../preload/common/stationApi';
import type { TellerMessages } from '../i18n/tellerMessages';
import { format, useTellerText } from './tellerText';

/** "just now", "4 min", "2 h 5 min", "3 days": how long a request has been waiting. */
export function ageOf(receivedAt: string, now: number, t: Pick<TellerMessages, 'justNow' | 'minutes' | 'hours' | 'oneDay' | 'days'>): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(receivedAt)) / 60_000));
  if (minutes < 1) return t.justNow;
  if (minutes < 60) return format(t.minutes, { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return format(t.hours, { h: hours, m: minutes % 60 });
  const days = Math.floor(hours / 24);
  return days === 1 ? t.oneDay : format(t.days, { n: days });
}

/**
 * The teller's queue: every request from files, the API and print jobs, oldest first, with its
 * source, reference, age and status. One button per row starts a signing; everything works from
 * the keyboard (Tab to a row's button, Enter). A row in the open signing says what the session
 * panel says: prepared, or on the customer's screen.
 */
export function QueuePanel(props: {
  api: StationApi;
  items: InboxItem[];
  sessionState?: SessionState;
  canStart: boolean;
  mayAdd: boolean;
  selectedId?: string;
  onSelect: (id: string | undefined) => void;
  act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { api, items, act } = props;
  const t = useTellerText();
  const fileInput = useRef<HTMLInputElement>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const importFile = (file: File) =>
    act(async () => {
      if (!/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') throw new Error(format(t.notPdf, { name: file.name }));
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const { id } = await api.call('inbox.importPdf', { fileName: file.name, base64: btoa(bin) });
      props.onSelect(id);
    });

  const statusOf = (item: InboxItem): keyof TellerMessages['statuses'] => (item.status === 'in-session' && props.sessionState === 'prepared' ? 'prepared' : item.status);
  const sorted = [...items].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const interrupted = sorted.filter((i) => i.interrupted);
  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="panel-title">
        <h2 id="queue-title">{t.queue}</h2>
        {props.mayAdd && <div className="queue-actions">
          <button onClick={() => fileInput.current?.click()}>{t.openPdf}</button>
          <input
            ref={fileInput}
            type="file"
            accept="application/pdf,.pdf"
            hidden
            aria-label={t.pdfFile}
            data-testid="pdf-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) importFile(file);
            }}
          />
          <button onClick={() => act(async () => props.onSelect((await api.call('inbox.addDemo', {})).id))}>{t.addDemo}</button>
          <button onClick={() => act(async () => props.onSelect((await api.call('inbox.addDemoPackage', {})).ids[0]))}>{t.addDemoPackage}</button>
        </div>}
      </div>
      {interrupted.length > 0 && (
        <p className="notice" role="status" data-testid="interrupted-notice">{format(t.interruptedNotice, { titles: interrupted.map((i) => `“${i.title}”`).join(', ') })}</p>
      )}
      {sorted.length === 0 ? (
        <p className="muted">{t.emptyQueue}</p>
      ) : (
        <div className="queue-scroll">
          <table className="queue-table">
            <caption className="visually-hidden">{t.queueCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colDocument}</th>
                <th scope="col">{t.colSource}</th>
                <th scope="col">{t.colReference}</th>
                <th scope="col">{t.colAge}</th>
                <th scope="col">{t.colStatus}</th>
                <th scope="col"><span className="visually-hidden">{t.colAction}</span></th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((item) => (
                <tr key={item.id} data-status={item.status} data-interrupted={item.interrupted ? 'true' : undefined} className={props.selectedId === item.id ? 'selected' : undefined}>
                  <th scope="row">
                    {item.title}
                    <span className="muted small"> · {format(t.pagesShort, { n: item.pageCount })}{item.signerName ? ` · ${item.signerName}` : ''}</span>
                    {item.interrupted && <span className="row-interrupted small" data-testid="row-interrupted">{t.interruptedRow}</span>}
                  </th>
                  <td>{t.sources[item.source]}</td>
                  <td>{item.reference ?? '—'}</td>
                  <td><time dateTime={item.receivedAt} title={new Date(item.receivedAt).toLocaleString()}>{ageOf(item.receivedAt, now, t)}</time></td>
                  <td>
                    <span className={`badge ${item.status}`} data-testid="row-status">{t.statuses[statusOf(item)]}</span>
                    {item.interrupted && <span className="badge interrupted" title={t.interruptedRow}>{t.interrupted}</span>}
                    {item.syncState && <span className={`badge sync-${item.syncState}`}>{t.syncStates[item.syncState]}</span>}
                  </td>
                  <td>
                    {item.status === 'waiting' && props.canStart && (
                      <button onClick={() => props.onSelect(props.selectedId === item.id ? undefined : item.id)} aria-expanded={props.selectedId === item.id} aria-label={format(t.startRowLabel, { title: item.title })}>
                        {t.startRow}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
