import type { StationStatus } from '../../preload/common/contract';
import { formatBytes } from '../../preload/common/formatBytes';

/**
 * The station's health at a glance, in plain words: is it online, which pen, how much waits to
 * sync (with progress while uploading), the last sync problem as the teller would say it, and the
 * free space of the storage folder (a warning below a day of signings; "full" when one would not fit).
 */
export function StationHealth({ status, connected }: { status?: StationStatus; connected: boolean }) {
  if (!connected) return <p className="health-item warn" role="status">Not connected to the station services — reconnecting…</p>;
  if (!status) return null;
  const { pen, sync } = status;
  const uploading = sync.uploading > 0 && sync.bytesTotal > 0;
  return (
    <ul className="health" aria-label="Station health">
      <li className="health-item">{status.branch} · {status.stationId}</li>
      <li className={`health-item ${sync.enabled && !sync.online ? 'warn' : 'ok'}`} data-testid="health-online">
        {!sync.enabled ? 'Offline mode (sync not set up)' : sync.online ? 'Online' : 'Offline — documents wait safely on this station'}
      </li>
      <li className={`health-item ${pen.connected ? 'ok' : 'warn'}`} data-testid="health-pen">
        {pen.connected ? `Pen: ${pen.device} (${pen.profile})` : `Pen not connected${pen.message ? ` — ${pen.message}` : ''}`}
      </li>
      <li className="health-item" data-testid="health-sync">
        {sync.waiting === 0 && !uploading ? 'Nothing waiting to sync' : `${sync.waiting} waiting to sync`}
        {uploading && (
          <>
            {' '}
            <progress max={sync.bytesTotal} value={sync.bytesDone} aria-label="Sync progress">{Math.round((100 * sync.bytesDone) / sync.bytesTotal)}%</progress>
          </>
        )}
        {sync.lastSyncAt && <span className="muted-on-dark"> · last checked {new Date(sync.lastSyncAt).toLocaleTimeString()}</span>}
      </li>
      {status.storage && (
        <li className={`health-item ${status.storage.level === 'ok' ? 'ok' : 'warn'}`} data-testid="health-storage" role={status.storage.level === 'ok' ? undefined : 'status'}>
          {status.storage.message ?? `Storage: ${formatBytes(status.storage.freeBytes)} free`}
        </li>
      )}
      {sync.lastError && <li className="health-item warn" role="status">Sync problem: {sync.lastError}</li>}
      {status.demoCredentials && <li className="health-item warn">Demo seal and escrow keys — not for real customers</li>}
    </ul>
  );
}
