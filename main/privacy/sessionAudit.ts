import type { DeskAccess, EventName, StationStatus, TellerSessionView } from '../../preload/common/contract';
import type { AuditEntryInput } from './auditTrail';
import type { Logger } from '../logging/logger';

/**
 * The signing desk's events into the audit trail, from the station's one event hub (the same
 * events the windows get), so the trail knows what happened on screen without the session code
 * knowing about the audit:
 *   prepared → document.opened, reading → document.shown (to the customer), consent → consent.shown,
 *   signing → signing.started, done → signing.completed (links the signer to the signed document for
 *   GDPR requests), a new cancel → session.cancelled (by whom, why), desk lock / sign-out, and the pen
 *   device connected or lost (status changes), for "devices used" in an investigation.
 * The signer's name and identification go only into the encrypted part of each entry.
 */
export interface StationEventSource {
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;
const stateActions: Partial<Record<TellerSessionView['state'], string>> = {
  prepared: 'document.opened',
  reading: 'document.shown',
  consent: 'consent.shown',
  signing: 'signing.started',
  done: 'signing.completed',
};

/** `audit` is the trail, or (at the station) the pending-audit buffer's appendOrHold: a full disk holds, never drops. */
export function auditStationEvents(events: StationEventSource, audit: { append(entry: AuditEntryInput): unknown }, options: { from: string; log?: Pick<Logger, 'warn'> }): () => void {
  let user: string | undefined;
  let signedIn = false;
  let lastState: string | undefined;
  let lastSession: string | undefined;
  let lastCancel: string | undefined;
  let lastStopKey: string | undefined;
  let lastCorrectionKey: string | undefined;
  let lastPen: string | undefined;
  const append = (entry: AuditEntryInput) => {
    try {
      audit.append(entry);
    } catch (err) {
      // The desk must keep working; the failure is logged (no personal data in the message).
      options.log?.warn('audit: a desk event could not be recorded', { action: entry.action, error: (err as Error).message });
    }
  };
  return events.subscribe((name, payload) => {
    if (name === 'auth.changed') {
      const a = payload as DeskAccess;
      if (signedIn && !a.signedIn) append({ actor: user ?? 'unknown', action: a.lockedUser ? 'desk.locked' : 'desk.signed-out', from: options.from });
      signedIn = a.signedIn;
      if (a.user) user = a.user.username;
      return;
    }
    if (name === 'status.changed') {
      // Which pen device is in use, for a breach or dispute investigation ("devices used").
      const pen = (payload as StationStatus).pen;
      const key = `${pen.connected}\0${pen.source}\0${pen.device}\0${pen.profile}`;
      if (key === lastPen) return;
      lastPen = key;
      append({ actor: 'station', action: pen.connected ? 'pen.connected' : 'pen.disconnected', from: options.from, details: { source: pen.source, device: pen.device, profile: pen.profile } });
      return;
    }
    if (name !== 'session.changed') return;
    const s = payload as TellerSessionView;
    const actor = user ?? 'unknown';
    if (s.lastCancel) {
      const key = `${s.sessionId}:${s.lastCancel.by}:${s.lastCancel.reason}`;
      if (key !== lastCancel) {
        lastCancel = key;
        append({ actor: s.lastCancel.by === 'teller' ? actor : s.lastCancel.by, action: 'session.cancelled', from: options.from, recordId: idPattern.test(s.sessionId) ? s.sessionId : undefined, subject: s.signerName || undefined, details: { by: s.lastCancel.by, reason: s.lastCancel.reason } });
      }
    }
    // Corrections that keep the document: an attempt stopped (ink and samples dropped), a signer corrected.
    const correction = s.lastStop ? `${s.lastStop.by}:${s.lastStop.at}` : undefined;
    if (correction && correction !== lastStopKey) {
      lastStopKey = correction;
      append({ actor: s.lastStop!.by === 'teller' ? actor : 'customer', action: 'attempt.stopped', from: options.from, recordId: s.document?.id && idPattern.test(s.document.id) ? s.document.id : undefined, subject: s.signerName || undefined, details: { session: s.sessionId, by: s.lastStop!.by, reason: s.lastStop!.reason, samples: 'dropped' } });
    }
    const corrected = s.lastCorrection ? `${s.lastCorrection.fields.join()}:${s.lastCorrection.at}` : undefined;
    if (corrected && corrected !== lastCorrectionKey) {
      lastCorrectionKey = corrected;
      append({ actor, action: 'signer.corrected', from: options.from, recordId: s.document?.id && idPattern.test(s.document.id) ? s.document.id : undefined, subject: s.signerName || undefined, details: { session: s.sessionId, fields: s.lastCorrection!.fields, ...(s.identification ? { identification: s.identification } : {}) } });
    }
    if (s.state === lastState && s.sessionId === lastSession) return;
    lastState = s.state;
    lastSession = s.sessionId;
    const action = stateActions[s.state];
    if (!action) return;
    const documentId = s.state === 'done' ? s.signedDocument?.id : s.document?.id;
    append({
      actor,
      action,
      from: options.from,
      recordId: documentId && idPattern.test(documentId) ? documentId : undefined,
      subject: s.signerName || undefined,
      details: {
        session: s.sessionId,
        ...(s.document ? { title: s.document.title, pages: s.document.pageCount } : {}),
        ...(s.state === 'prepared' && s.identification ? { identification: s.identification } : {}),
        ...(s.state === 'done' && s.signedDocument ? { sha256: s.signedDocument.sha256, inboxItem: s.document?.id } : {}),
      },
    });
  });
}
