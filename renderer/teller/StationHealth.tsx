import type { StationStatus } from '../../preload/common/contract';
import { formatBytes } from '../../preload/common/formatBytes';
import { format, useTellerText } from './tellerText';

/**
 * The station's health at a glance, in plain words: is it online, which pen, how much waits to
 * sync (with progress while uploading), the last sync problem as the teller would say it, and the
 * free space of the storage folder (a warning below a day of signings; "full" when one would not fit).
 * A station without sync is neither good nor bad news: it gets no dot of either colour.
 */
export function StationHealth({ status, connected }: { status?: StationStatus; connected: boolean }) {
  const t = useTellerText();
  if (!connected) return <p className="health-item warn" role="status">{t.notConnected}</p>;
  if (!status) return null;
  const { pen, sync } = status;
  const uploading = sync.uploading > 0 && sync.bytesTotal > 0;
  const onlineClass = !sync.enabled ? 'neutral' : sync.online ? 'ok' : 'warn';
  return (
    <ul className="health" aria-label={t.healthLabel}>
      <li className="health-item">{status.branch} · {status.stationId}</li>
      <li className={`health-item ${onlineClass}`} data-testid="health-online" data-health={onlineClass}>
        {!sync.enabled ? t.offlineMode : sync.online ? t.online : t.offline}
      </li>
      <li className={`health-item ${pen.connected ? 'ok' : 'warn'}`} data-testid="health-pen">
        {pen.connected
          ? `${pen.source === 'simulated' ? t.penSimulated : format(t.penIs, { device: pen.device, profile: pen.profile })}${pen.code === 'paused' ? ` — ${t.penStates.paused}` : ''}`
          : `${t.penNotConnected}${pen.code && pen.code !== 'no-pen' ? ` — ${t.penStates[pen.code]}` : ''}`}
      </li>
      <li className="health-item" data-testid="health-sync" data-waiting={sync.waiting}>
        {sync.waiting === 0 && !uploading ? t.nothingToSync : format(t.waitingToSync, { n: sync.waiting })}
        {uploading && (
          <>
            {' '}
            <progress max={sync.bytesTotal} value={sync.bytesDone} aria-label={t.syncProgress}>{Math.round((100 * sync.bytesDone) / sync.bytesTotal)}%</progress>
          </>
        )}
        {sync.lastSyncAt && <span className="muted-on-dark"> · {format(t.lastChecked, { time: new Date(sync.lastSyncAt).toLocaleTimeString() })}</span>}
      </li>
      {status.storage && (
        <li className={`health-item ${status.storage.level === 'ok' ? 'ok' : 'warn'}`} data-testid="health-storage" role={status.storage.level === 'ok' ? undefined : 'status'}>
          {status.storage.level === 'full'
            ? format(t.storageFull, { free: formatBytes(status.storage.freeBytes), need: formatBytes(status.storage.oneDocumentBytes) })
            : status.storage.level === 'low'
              ? format(t.storageLow, { free: formatBytes(status.storage.freeBytes), margin: formatBytes(status.storage.marginBytes) })
              : format(t.storageFree, { free: formatBytes(status.storage.freeBytes) })}
        </li>
      )}
      {sync.lastError && <li className="health-item warn" role="status">{format(t.syncProblem, { error: sync.lastError })}</li>}
      {status.demoCredentials && <li className="health-item warn">{t.demoKeys}</li>}
    </ul>
  );
}
