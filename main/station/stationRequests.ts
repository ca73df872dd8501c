import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { ContractError, type SessionState, type StationStatus } from '../../preload/common/contract';
import type { StationConfig } from '../config/stationConfigSchema';
import type { RequestHandlers } from '../contract/contractHost';
import type { EventHub } from '../contract/eventHub';
import type { DeskAccessControl } from '../desk/deskAccess';
import { deskRequestHandlers, requireSignedInTeller } from '../desk/deskRequests';
import type { Logger } from '../logging/logger';
import { calibrationFile, calibrationRequestHandlers } from '../pen/calibrationRequests';
import { CalibrationStore } from '../pen/calibrationStore';
import { createDemoDocument, createDemoPackage } from '../signing/demoDocument';
import { readableTitle } from '../signing/documentTitle';
import type { SigningSession } from '../signing/signingSession';
import type { DocumentInbox } from '../signing/signingPorts';
import { stationText } from '../../preload/common/stationText';

/** The customer screen's states that offer "Stop" (reading, the consent step, signing, the review). */
const customerCanStop = (state: SessionState) => state === 'reading' || state === 'consent' || state === 'signing' || state === 'review';

export interface StationRequestParts {
  config: StationConfig;
  session: SigningSession;
  inbox: DocumentInbox;
  desk: DeskAccessControl;
  events: EventHub;
  status: () => StationStatus;
  log: Logger;
}

/**
 * What each request of the contract does at this station: one handler per request name, every
 * teller request behind the desk's sign-in (requireSignedInTeller). The bindings reach these only
 * through the contract host, which validates payloads and responses.
 */
export function stationRequestHandlers({ config, session, inbox, desk, events, status, log }: StationRequestParts): RequestHandlers {
  const addPdf = async (pdf: Uint8Array, title: string, source: 'file' | 'demo', packageId?: string) => {
    if (pdf.byteLength > config.documents.maxBytes) throw new ContractError('too-large', `The file is larger than ${Math.round(config.documents.maxBytes / 1048576)} MB.`, stationText('file-too-large', { mb: Math.round(config.documents.maxBytes / 1048576) }));
    let pageCount: number;
    let pdfTitle: string | undefined;
    try {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      pageCount = doc.getPageCount();
      pdfTitle = source === 'file' ? doc.getTitle() : undefined;
    } catch {
      throw new ContractError('not-a-pdf', 'This file is not a readable PDF.', stationText('not-a-pdf'));
    }
    return inbox.add({ source, title: readableTitle(pdfTitle, title) || 'Document', pdf, pageCount, packageId });
  };

  // The teller's calibration is part of what the customer's screen shows: the session holds it, so the mirror shows it too.
  const calibrationRequests = () => {
    const handlers = calibrationRequestHandlers({ store: new CalibrationStore(calibrationFile(config.storage.dir), (m) => log.warn(m)), events, customerScreenFree: () => session.customerView().state === 'idle' });
    return {
      ...handlers,
      'pen.calibrate': async (p: Record<string, never>, role: 'teller' | 'customer') => {
        const answer = await handlers['pen.calibrate'](p, role);
        session.calibration(true);
        return answer;
      },
    };
  };

  return requireSignedInTeller({
    ...deskRequestHandlers(desk),
    'station.status': () => status(),
    'inbox.list': () => inbox.list(),
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
      if (!inbox.get(documentId)) throw new ContractError('not-found', 'No such document.', stationText('no-such-document'));
      return { bytes: await inbox.pdf(documentId) };
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
      return { bytes: pdf, fileName };
    },
    'pen.simulateSignature': async () => (await session.simulateSignature(), { ok: true as const }),
    ...calibrationRequests(),
    // The customer's screen holds ink while it signs and while it reviews the signature.
    'ink.current': (_p, role) => (role === 'customer' && !['signing', 'review'].includes(session.customerView().state) ? { sessionId: 'none', strokes: [] } : session.currentInk()),
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
    'customer.acceptSignature': async () => (await session.acceptSignature(), { ok: true as const }),
    'customer.signAgain': () => (session.signAgain(), { ok: true as const }),
    'customer.dialog': ({ dialog }) => (session.setDialog(dialog), { ok: true as const }),
    'customer.calibration': ({ open, progress }) => (session.calibration(open, progress), { ok: true as const }),
    'customer.cancel': async () => {
      // The customer may stop only what is on their screen: not a session the teller has merely
      // prepared (the screen is idle, yet it would cancel an outside request and send its webhook),
      // nor one already signed (the thank-you screen: it would drop the teller's sealed copy).
      if (!customerCanStop(session.customerView().state)) throw new ContractError('bad-state', 'There is no signing on the customer screen to stop.', stationText('nothing-to-stop'));
      // The customer's "Yes, stop" stops this attempt; the document stays with the teller for another try or a discard.
      session.stopAttempt('the customer stopped on their screen', 'customer');
      return { ok: true as const };
    },
  }, desk);
}
