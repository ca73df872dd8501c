import type { StationStatus } from '../../preload/common/contract';
import type { StationConfig } from '../config/stationConfigSchema';
import { createContractHost, type Dispatch } from '../contract/contractHost';
import type { EventHub } from '../contract/eventHub';
import type { DeskAccessControl } from '../desk/deskAccess';
import { loadCustomerScreenSettings } from '../desk/customerScreenSettings';
import { LockAwareEventHub } from '../desk/lockAwareEventHub';
import type { Logger } from '../logging/logger';
import { setupPrivacy } from '../privacy/privacySetup';
import { SigningSession } from '../signing/signingSession';
import { createS3Client } from '../sync/s3ClientFactory';
import type { SecretProtector } from '../vault/secretProtector';
import { setupDesk, setupInbox, setupIntegrations, setupKeys, setupPen, setupSealer, setupSync, setupVault } from './setupSteps';
import { ShutdownList } from './shutdownList';
import { stationRequestHandlers } from './stationRequests';
import { stationStatusReader } from './stationStatus';
import { createStorageSpace } from './storageSpace';
import { watchStorage } from './storageWatch';
import { vaultDocumentStore } from './vaultDocumentStore';

export interface Station {
  readonly events: EventHub;
  readonly dispatch: Dispatch;
  readonly session: SigningSession;
  readonly desk: DeskAccessControl;
  /** Where the outside doors listen (when configured): the API's base URL, the IPP printer's URI. */
  readonly endpoints: { api?: string; printer?: string };
  status(): StationStatus;
  close(): Promise<void>;
}

/**
 * The station, set up from its configuration one step at a time, in the order below: the keys and
 * the vault first (everything stores in it), then sync and privacy (the audit trail following
 * every queue transition, accounts, retention, checkpoints after each sync), the sealer and the
 * store, the outside doors (API, printer, SFTP), the pen, the desk, and the signing session last,
 * so that nothing can write before there is somewhere safe to keep it. A step that fails stops
 * what the earlier ones started. Both the Electron shell and browser mode (`station serve`) call
 * this; they differ only in how they bind `dispatch` and `events` to windows.
 */
export async function createStation(
  config: StationConfig,
  log: Logger,
  /** The Electron shell passes the OS keystore (safeStorage) for the vault's offline tenant key. */
  host: { protector?: SecretProtector } = {},
): Promise<Station> {
  const shutdown = new ShutdownList();
  // The desk is set up further down (it needs the accounts); until then, and while it is locked,
  // teller windows get no events but 'auth.changed'.
  const deskOnceSetUp: { desk?: DeskAccessControl } = {};
  const events: EventHub = new LockAwareEventHub(() => deskOnceSetUp.desk?.view().signedIn ?? false);
  try {
    const keys = setupKeys(config, host.protector);
    const vault = await setupVault(config, keys, host.protector, log, shutdown);
    const sync = setupSync(config, vault, log, shutdown);
    const privacy = setupPrivacy({
      vault,
      config,
      log: log.child('privacy'),
      sync,
      archive: sync ? { client: createS3Client(config.sync), bucket: config.sync.s3Bucket } : undefined,
      events,
    });
    shutdown.add(() => privacy.close());
    const storage = createStorageSpace({ vault, pendingAudit: privacy.pendingAudit, marginMiB: config.storage.freeSpaceMarginMB });
    const { sealer, places } = setupSealer(config, log);
    const store = vaultDocumentStore({ vault, config, pendingAudit: privacy.pendingAudit, stored: () => sync?.trigger() });
    sync?.start();
    const integrations = await setupIntegrations(config, vault, privacy, log, shutdown);
    const inbox = await setupInbox(vault, integrations);
    const pen = await setupPen(config, log, shutdown);
    const desk = (deskOnceSetUp.desk = setupDesk(config, privacy, events, log, shutdown));

    const session = new SigningSession({
      inbox, pen, sealer, store, places, events,
      log: log.child('session'),
      place: config.station.place,
      // A staff place of a plan is countersigned by whoever is signed in at the desk.
      staffName: () => desk.view().user?.username,
      ...loadCustomerScreenSettings(config),
      // No new signing when one document would not fit, or audit entries still wait.
      roomToSign: () => storage.roomToSign(),
    });
    shutdown.add(() => session.close());

    const status = stationStatusReader({ config, vault, sync, pen, storage, sealer });
    const statusChanged = () => events.publish('status.changed', status());
    shutdown.add(watchStorage(storage, statusChanged));
    sync?.onProgress(statusChanged);
    // A document stored, uploaded or purged changes what waits to sync: the header says so at once.
    vault.onTransition(() => queueMicrotask(statusChanged));
    pen.onStatus(statusChanged);
    inbox.onChange((items) => events.publish('inbox.changed', items));

    const handlers = stationRequestHandlers({ config, session, inbox, desk, events, status, log });
    const dispatch = createContractHost(handlers, (name, err) => log.error('request failed', { request: name, error: err instanceof Error ? err.message : String(err) }));
    log.info('station composed', { stationId: config.station.id, penSource: pen.status().source });

    return {
      events,
      dispatch,
      session,
      desk,
      endpoints: { api: integrations.api?.url, printer: integrations.printer?.url },
      status,
      close: () => shutdown.closeAll(),
    };
  } catch (err) {
    await shutdown.closeAll();
    throw err;
  }
}
