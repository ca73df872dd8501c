import type { CustomerView, TellerSessionView } from '../../preload/common/contract';
import type { TellerMessages } from '../i18n/tellerMessages';
import { format } from '../i18n/customerMessages';
import { refusalWords } from './stationWords';

/** Where the signature goes, in the teller's words. */
export function describePlace(place: NonNullable<TellerSessionView['signaturePlace']>, t: TellerMessages): string {
  const where = place.kind === 'field'
    ? format(t.placeField, { field: place.field ?? '', page: place.page })
    : format(place.chosenBy === 'teller' ? t.placeBox : t.placeBlank, { page: place.page });
  return place.chosenBy === 'teller' ? where : format(t.stationsChoice, { where });
}

/** The open place is a staff place for the bank's seal: the teller applies it, nobody draws. */
export const bankSealOpen = (session: TellerSessionView) => Boolean(session.plan?.documents.some((d) => d.places.some((p) => p.status === 'current' && p.mark === 'seal')));


/** What is happening, in the teller's words. */
export function describeState(session: TellerSessionView, mirror: CustomerView | undefined, t: TellerMessages): string {
  switch (session.state) {
    case 'idle': return t.stateIdle;
    case 'prepared': return t.statePrepared;
    case 'reading': {
      const reading = mirror ? format(t.stateReadingPage, { page: mirror.page, pages: session.document?.pageCount ?? '?' }) : t.stateReading;
      if (!session.requireReadToEnd) return reading;
      return `${reading} ${session.reachedEnd ? t.stateReachedEnd : t.stateMustReachEnd}`;
    }
    case 'consent': return t.stateConsent;
    case 'signing':
      if (bankSealOpen(session)) return t.stateBankSeal;
      if (session.signatureRefusal && session.signatureRefusal !== 'empty') return format(t.stateSignatureRefused, { reason: t[refusalWords[session.signatureRefusal]] });
      return session.inkPointCount > 0 ? t.stateSigningInk : t.stateSigningWait;
    case 'review': return t.stateReview;
    case 'sealing': return t.stateSealing;
    case 'done': return session.customerState === 'idle' ? t.stateDoneIdle : t.stateDone;
    default: return session.state;
  }
}

/** The page the sealed copy opens at: the last signature placed in the document just stored. */
export function signedPage(session: TellerSessionView): number | undefined {
  const doc = session.plan?.documents.find((d) => d.signedDocumentId && d.signedDocumentId === session.signedDocument?.id)
    ?? session.plan?.documents.filter((d) => d.status === 'signed').at(-1);
  const pages = doc?.places.filter((p) => p.status === 'signed' && p.page).map((p) => p.page!) ?? [];
  return pages.at(-1) ?? session.signaturePlace?.page ?? session.signaturePage;
}
