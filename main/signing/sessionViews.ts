import type { CustomerSessionView, Language, SessionState, TellerSessionView } from '../../preload/common/contract';
import type { PlanProgress } from '../../preload/common/planProgress';
import { currentDocument, currentPlace, signerOf, type Sitting } from './sitting';

/**
 * The two windows' views, derived from one view state by pure functions: the customer's screen and
 * the teller's mirror cannot disagree, because the teller's view is the customer's plus the
 * teller-only details.
 */
export interface SessionViewState {
  state: SessionState;
  sitting?: Sitting;
  language: Language;
  inkPointCount: number;
  notice?: CustomerSessionView['notice'];
  error?: string;
  /** The thank-you has been shown long enough: the customer's screen is back to idle. */
  customerReleased: boolean;
  lastCancel?: TellerSessionView['lastCancel'];
  /** The last document the sitting stored. */
  signedDocument?: { id: string; sha256: string };
  branding: CustomerSessionView['branding'];
  consentNotices?: Partial<Record<Language, { title: string; body: string }>>;
  /** What the customer's screen shows besides the step (customerScreenExtras.ts). */
  screen?: Pick<CustomerSessionView, 'dialog' | 'calibration' | 'signatureRefusal' | 'farewell'> & { farewellLanguage?: Language };
}

export function customerView(v: SessionViewState): CustomerSessionView {
  const s = v.sitting;
  // Before the teller sends the document, the customer's screen shows only the branding. After the
  // thank-you, nothing of the customer stays on their screen, even while the teller still has the
  // sealed copy open.
  const released = v.state === 'done' && v.customerReleased;
  const visible = Boolean(s) && v.state !== 'prepared' && v.state !== 'idle' && !released;
  const doc = s && (currentDocument(s) ?? lastSigned(s));
  const place = s && currentPlace(s);
  const signer = s && place ? signerOf(s, place) : s?.signers.find((x) => x.role === 'customer');
  const onPlace = visible && place && ['reading', 'consent', 'signing', 'review', 'sealing'].includes(v.state);
  const state = v.state === 'prepared' || released ? 'idle' : v.state;
  const screen = v.screen ?? {};
  return {
    sessionId: s && visible ? s.id : 'none',
    state,
    document: visible && doc ? { id: doc.requestId, title: doc.title, pageCount: doc.pageCount } : undefined,
    signerName: visible ? signer?.name : undefined,
    requireReadToEnd: doc?.requireReadToEnd ?? false,
    reachedEnd: doc?.reachedEnd ?? false,
    // The farewell speaks the language of the customer it says goodbye to.
    language: (state === 'idle' && screen.farewell && screen.farewellLanguage) || v.language,
    signaturePage: visible && doc ? (place?.view?.page ?? doc.pageCount) : undefined,
    signatureRect: visible && doc ? place?.view?.rect : undefined,
    inkPointCount: v.inkPointCount,
    step: onPlace && s && place && signer ? {
      number: place.number,
      count: s.places.length,
      kind: place.kind,
      page: place.view?.page,
      signerName: signer.name,
      role: signer.role,
      mark: signer.mark,
      documentNumber: place.documentIndex + 1,
      documentCount: s.documents.length,
    } : undefined,
    notice: visible ? v.notice : undefined,
    branding: v.branding,
    // A language the tenant did not translate shows the tenant's English notice, not a generic one.
    consentNotice: v.consentNotices?.[v.language] ?? v.consentNotices?.en,
    // The question, the refusal and the place belong to the document on the screen; the calibration
    // and the farewell only to the welcome screen.
    dialog: visible ? screen.dialog : undefined,
    signatureRefusal: visible && state === 'signing' ? screen.signatureRefusal : undefined,
    place: onPlace && place?.view ? { page: place.view.page, rect: place.view.rect, rotate: place.view.rotate } : undefined,
    calibration: state === 'idle' ? screen.calibration : undefined,
    farewell: state === 'idle' ? screen.farewell : undefined,
  };
}

export function tellerView(v: SessionViewState): TellerSessionView {
  const s = v.sitting;
  const customer = customerView(v);
  const doc = s && (currentDocument(s) ?? lastSigned(s));
  const place = s && currentPlace(s);
  const signer = s && place ? signerOf(s, place) : s?.signers.find((x) => x.role === 'customer');
  return {
    ...customer,
    // The teller sees the true state and the document even before it is sent to the customer.
    state: v.state,
    document: doc ? { id: doc.requestId, title: doc.title, pageCount: doc.pageCount } : undefined,
    signerName: signer?.name,
    requestId: doc?.requestId,
    identification: signer?.identification ?? s?.signers.find((x) => x.identification)?.identification,
    error: v.error,
    signedDocument: v.signedDocument,
    lastCancel: s ? undefined : v.lastCancel,
    customerState: customer.state,
    signaturePlace: place?.view,
    plan: s ? planProgress(s) : undefined,
  };
}

export function planProgress(s: Sitting): PlanProgress {
  const place = currentPlace(s);
  return {
    documents: s.documents.map((d, i) => ({
      requestId: d.requestId,
      title: d.title,
      status: d.status,
      signedDocumentId: d.signedDocument?.id,
      places: s.places.filter((p) => p.documentIndex === i).map((p) => {
        const signer = signerOf(s, p);
        return {
          number: p.number,
          signerName: signer.name,
          role: signer.role,
          mark: signer.mark,
          kind: p.kind,
          optional: p.optional,
          page: p.view?.page,
          where: p.where,
          status: p === place ? 'current' : p.status,
        };
      }),
    })),
    current: place?.number,
    count: s.places.length,
  };
}

function lastSigned(s: Sitting) {
  return [...s.documents].reverse().find((d) => d.status === 'signed');
}
