import { randomUUID } from 'node:crypto';
import { ContractError, type SessionState, type StationStatus } from '../preload/common/contract';
import type { StationConfig } from './config/stationConfigSchema';
import { createContractHost, type RequestHandlers } from './contract/contractHost';
import { EventHub } from './contract/eventHub';
import type { Logger } from './logging/logger';
import { createDemoDocument, createDemoPackage } from './signing/demoDocument';
import { MemoryInbox } from './signing/memoryInbox';
import { CombinedInbox } from './signing/combinedInbox';
import { vaultDeskDocumentKeeper } from './signing/deskDocumentKeeper';
import { readableTitle } from './signing/documentTitle';
import { SigningSession } from './signing/signingSession';
import type { DocumentInbox, DocumentSealer, PenInput, SignaturePlacesFinder, SignedDocumentStore } from './signing/signingPorts';
import { composeStationParts, type ComposedParts } from './station/composeStationParts';
import { watchStorage } from './station/storageWatch';
import type { SecretProtector } from './vault/secretProtector';
import { PDFDocument } from 'pdf-lib';
import { createDemoDeskAccounts } from './desk/demoDeskAccounts';
import { DeskAccessControl } from './desk/deskAccess';
import type { DeskAccounts } from './desk/deskAccounts';
import { stationDeskAccounts } from './desk/stationDeskAccounts';
import { LockAwareEventHub } from './desk/lockAwareEventHub';
import { deskAccountsFrom } from './accounts/deskAccountsAdapter';
import { tellerLanguagesIn } from './accounts/tellerLanguages';
import { deskRequestHandlers, requireSignedInTeller } from './desk/deskRequests';
import { loadCustomerScreenSettings } from './desk/customerScreenSettings';
import { calibrationFile, calibrationRequestHandlers } from './pen/calibrationRequests';
import { CalibrationStore } from './pen/calibrationStore';

export interface StationParts {
  inbox: DocumentInbox;
  pen: PenInput;
  sealer: DocumentSealer;
  store: SignedDocumentStore;
  /** The documents' signature fields and default places, for the teller's choice of where to sign. */
  places: SignaturePlacesFinder;
  /** Teller accounts for the desk's sign-in (main/accounts when composed; the demo account on demo stations). */
  deskAccounts?: DeskAccounts;
}

export interface Station {
  readonly events: EventHub;
  readonly dispatch: ReturnType<typeof createContractHost>;
  readonly session: SigningSession;
  readonly desk: DeskAccessControl;
  /** Where the outside doors listen (when configured): the API's base URL, the IPP printer's URI. */
  readonly endpoints: { api?: string; printer?: string };
  status(): StationStatus;
  close(): Promise<void>;
}

/** The customer screen's states that offer "Stop" (reading, the consent step, signing). */
const customerCanStop = (state: SessionState) => state === 'reading' || state === 'consent' || state === 'signing';

/**
 * Composes the station's services, in order, from the configuration. Both the Electron shell and
 * browser mode (and the CLI's `serve`) call this; they differ only in how they bind `dispatch` and
 * `events` to windows.
 */
export async function createStation(
  config: StationConfig,
  log: Logger,
  overrides: Partial<StationParts> = {},
  /** The Electron shell passes the OS keystore (safeStorage) for the vault's offline tenant key. */
  host: { protector?: SecretProtector } = {},
): Promise<Station> {
  // The desk is made further down; until then (and while it is locked) teller windows get no events but 'auth.changed'.
  let desk: DeskAccessControl | undefined;
  const events: EventHub = new LockAwareEventHub(() => desk?.view().signedIn ?? false);
  const composed: ComposedParts = await composeStationParts(config, log, events, { pen: !overrides.pen, protector: host.protector });
  // Desk documents and what is on the customer's screen are kept sealed in the vault: a station
  // stopped mid-signing finds them at its next start and tells the teller what was interrupted.
  const keeper = vaultDeskDocumentKeeper(composed.vault);
  const combined = overrides.inbox ? undefined : await CombinedInbox.create(new MemoryInbox(keeper), composed.integrations.requests, keeper);
  if (combined) composed.vault.onTransition((event) => queueMicrotask(() => combined.syncStateChanged(event.documentId, event.to)));
  const parts: StationParts = {
    inbox: overrides.inbox ?? combined!,
    pen: overrides.pen ?? composed.pen,
    sealer: overrides.sealer ?? composed.sealer,
    store: overrides.store ?? composed.store,
    places: overrides.places ?? composed.places,
  };
  const screen = loadCustomerScreenSettings(config);
  const session = new SigningSession({
    ...parts,
    events,
    log: log.child('session'),
    place: config.station.place,
    // A staff place of a plan is countersigned by whoever is signed in at the desk.
    staffName: () => desk?.view().user?.username,
    ...screen,
    // Issue 20: no new signing when one document would not fit, or audit entries still wait.
    roomToSign: () => composed.storage.roomToSign(),
  });
  // Teller accounts live in the vault (main/accounts, audited); a demo station without any offers the demo teller.
  const accounts = composed.accounts;
  desk = new DeskAccessControl({
    accounts: overrides.deskAccounts ?? stationDeskAccounts({
      tenant: config.station.tenant,
      real: deskAccountsFrom(accounts, tellerLanguagesIn(composed.vault)),
      countReal: () => accounts.count(),
      demo: () => createDemoDeskAccounts({ pin: config.desk.demoPin }),
    }),
    lockAfterMs: config.desk.lockAfterMinutes * 60_000,
    log: log.child('desk'),
    onChange: (access) => events.publish('auth.changed', access),
  });

  const status = (): StationStatus => {
    const queue = composed.vault.queueStatus();
    const progress = composed.sync?.progress();
    return {
      stationId: config.station.id,
      branch: config.station.branch,
      tenant: config.station.tenant,
      pen: parts.pen.status(),
      sync: {
        enabled: config.sync.enabled,
        online: progress?.online ?? false,
        waiting: (queue.counts.queued ?? 0) + (queue.counts.signed ?? 0),
        uploading: queue.counts.uploading ?? 0,
        bytesTotal: progress?.bytes.total ?? 0,
        bytesDone: progress?.bytes.done ?? 0,
        lastError: progress?.lastError ?? queue.lastError ?? undefined,
        lastSyncAt: progress?.lastRunAt ?? undefined,
      },
      storage: composed.storage.status(),
      demoCredentials: parts.sealer.demoCredentials,
    };
  };
  const stopWatchingStorage = watchStorage(composed.storage, () => events.publish('status.changed', status()));
  composed.sync?.onProgress(() => events.publish('status.changed', status()));
  // A document stored, uploaded or purged changes what waits to sync: the header says so at once.
  composed.vault.onTransition(() => queueMicrotask(() => events.publish('status.changed', status())));

  parts.inbox.onChange((items) => events.publish('inbox.changed', items));
  parts.pen.onStatus(() => events.publish('status.changed', status()));

  const addPdf = async (pdf: Uint8Array, title: string, source: 'file' | 'demo', packageId?: string) => {
    if (pdf.byteLength > config.documents.maxBytes) throw new ContractError('too-large', `The file is larger than ${Math.round(config.documents.maxBytes / 1048576)} MB.`);
    let pageCount: number;
    let pdfTitle: string | undefined;
    try {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      pageCount = doc.getPageCount();
      pdfTitle = source === 'file' ? doc.getTitle() : undefined;
    } catch {
      throw new ContractError('not-a-pdf', 'This file is not a readable PDF.');
    }
    return parts.inbox.add({ source, title: readableTitle(pdfTitle, title) || 'Document', pdf, pageCount, packageId });
  };

  const handlers: RequestHandlers = requireSignedInTeller({
    ...deskRequestHandlers(desk),
    'station.status': () => status(),
    'inbox.list': () => parts.inbox.list(),
    'inbox.importPdf': async ({ fileName, base64 }) => {
      const item = await addPdf(Buffer.from(base64, 'base64'), fileName, 'file');
      return { id: item.id };
    },
    'inbox.addDemo': async () => ({ id: (await addPdf(await createDemoDocument(), 'Account opening agreement (demo)', 'demo')).id }),
    'inbox.addDemoPackage': async () => {
      const packageId = randomUUID();
      const ids: string[] = [];
      for (const doc of await createDemoPackage()) ids.push((await addPdf(doc.pdf, doc.title, 'demo', packageId)).id);
      return { ids };
    },
    'document.bytes': async ({ documentId }, role) => {
      if (role === 'customer' && !session.customerMayRead(documentId)) throw new ContractError('forbidden', 'This document is not on the customer screen.');
      if (!parts.inbox.get(documentId)) throw new ContractError('not-found', 'No such document.');
      return { base64: Buffer.from(await parts.inbox.pdf(documentId)).toString('base64') };
    },
    'document.signaturePlaces': ({ documentId }) => session.signaturePlaces(documentId),
    'session.current': () => session.tellerView(),
    'session.start': (p) => session.start(p),
    'session.sendToCustomer': () => session.sendToCustomer(),
    'session.takeBack': () => session.takeBack(),
    'session.cancel': ({ reason }) => session.cancel(reason, 'teller'),
    'session.cancelDocument': ({ reason }) => session.cancelDocument(reason),
    'session.stopAttempt': ({ reason }) => session.stopAttempt(reason, 'teller'),
    'session.correctSigner': (c) => session.correctSigner(c),
    'session.returnToQueue': () => session.returnToQueue(),
    'session.skipPlace': () => session.skipPlace(),
    'session.applyBankSeal': async () => {
      await session.applyBankSeal();
      return session.tellerView();
    },
    'session.finish': () => session.finish(),
    'session.signedPdf': () => {
      const { pdf, fileName } = session.signedPdf();
      return { base64: Buffer.from(pdf).toString('base64'), fileName };
    },
    'pen.simulateSignature': async () => (await session.simulateSignature(), { ok: true as const }),
    ...calibrationRequestHandlers({ store: new CalibrationStore(calibrationFile(config.storage.dir), (m) => log.warn(m)), events, customerScreenFree: () => session.customerView().state === 'idle' }),
    'ink.current': (_p, role) => (role === 'customer' && session.customerView().state !== 'signing' ? { sessionId: 'none', strokes: [] } : session.currentInk()),
    'customer.session': () => session.customerView(),
    'customer.view': (view) => {
      session.customerViewChanged(view);
      events.publish('mirror.view', view);
      return { ok: true as const };
    },
    'customer.setLanguage': ({ language }) => (session.setLanguage(language), { ok: true as const }),
    'customer.readDone': () => (session.readDone(), { ok: true as const }),
    'customer.consent': ({ language }) => (session.consent(language), { ok: true as const }),
    'customer.penSamples': ({ samples, source, device, deviceInfo }) => (session.clientSamples(samples, source, device, deviceInfo), { ok: true as const }),
    'customer.clearInk': () => (session.clearInk(), { ok: true as const }),
    'customer.confirmSignature': async () => (await session.confirmSignature(), { ok: true as const }),
    'customer.cancel': async () => {
      // The customer may stop only what is on their screen: not a session the teller has merely
      // prepared (the screen is idle, yet it would cancel an outside request and send its webhook),
      // nor one already signed (the thank-you screen: it would drop the teller's sealed copy).
      if (!customerCanStop(session.customerView().state)) throw new ContractError('bad-state', 'There is no signing on the customer screen to stop.');
      // The customer's "Yes, stop" stops this attempt; the document stays with the teller for another try or a discard.
      session.stopAttempt('the customer stopped on their screen', 'customer');
      return { ok: true as const };
    },
  }, desk);

  const dispatch = createContractHost(handlers, (name, err) => log.error('request failed', { request: name, error: err instanceof Error ? err.message : String(err) }));
  log.info('station composed', { stationId: config.station.id, penSource: parts.pen.status().source });

  return {
    events,
    dispatch,
    session,
    desk,
    endpoints: { api: composed.integrations.api?.url, printer: composed.integrations.printer?.url },
    status,
    async close() {
      stopWatchingStorage();
      session.close();
      desk.close();
      await parts.pen.close();
      await composed.close();
    },
  };
}
