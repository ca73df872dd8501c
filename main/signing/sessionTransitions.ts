import { ContractError, type SessionState } from '../../preload/common/contract';
import { stationText, type StationText } from '../../preload/common/stationText';

/**
 * The signing session's states and what moves it, as one table: state × event → state. Nothing else
 * changes the state (signingSession.ts asks `transition` and refuses what the table does not list),
 * so a step that is not allowed now — a "Done" while sealing, a consent before reading — is refused
 * with the same words whoever sends it.
 *
 * 'next' is where the plan goes on: the entry state of the next open place (reading a document not
 * yet read, the privacy notice for a customer who has not consented yet, or signing), or 'done' when
 * no place is left. The session works it out from the plan (`entryState`) and passes it in, so the
 * table itself stays pure.
 */

export type SessionEvent =
  | 'start'
  | 'send'
  | 'takeBack'
  | 'readDone'
  | 'consent'
  | 'confirm'
  // "Done" with the review on: the customer sees the signature in its place, then confirms
  // ('confirm', to sealing) or signs again ('signAgain', back to an empty box).
  | 'done'
  | 'signAgain'
  | 'sealed'
  | 'sealFailed'
  | 'skipPlace'
  | 'cancelDocument'
  | 'cancel'
  | 'finish'
  // Corrections that keep the document: stop this attempt (back to prepared), correct the signer
  // or identification while prepared, put the prepared signing back in the queue.
  | 'stopAttempt'
  | 'correctSigner'
  | 'returnToQueue';

/** Where a place of the plan begins. */
export type EntryState = 'reading' | 'consent' | 'signing' | 'done';

type Target = SessionState | 'next';

const onScreen = { takeBack: 'prepared', stopAttempt: 'prepared', cancel: 'idle', skipPlace: 'next', cancelDocument: 'next' } as const;

export const transitions: Readonly<Record<SessionState, Partial<Record<SessionEvent, Target>>>> = {
  idle: { start: 'prepared' },
  prepared: { send: 'next', cancel: 'idle', skipPlace: 'prepared', start: 'prepared', correctSigner: 'prepared', returnToQueue: 'idle' },
  reading: { ...onScreen, readDone: 'next' },
  consent: { ...onScreen, consent: 'signing' },
  signing: { ...onScreen, done: 'review', confirm: 'sealing' },
  review: { ...onScreen, confirm: 'sealing', signAgain: 'signing' },
  // Sealing cannot be interrupted: the document is being written.
  sealing: { sealed: 'next', sealFailed: 'signing' },
  done: { finish: 'idle', start: 'prepared', cancel: 'idle' },
};

/**
 * The state after `event` in `state`; `next` is the plan's entry state for 'next' targets.
 * Throws ContractError('bad-state') in plain words when the table has no such move.
 */
export function transition(state: SessionState, event: SessionEvent, next?: EntryState): SessionState {
  const target = transitions[state][event];
  if (!target) {
    const code = event === 'start' ? 'session-open' : event === 'cancel' && state === 'idle' ? 'no-session' : 'bad-state';
    throw new ContractError(code, refusal(state, event), refusalText(state, event));
  }
  if (target !== 'next') return target;
  if (!next) throw new Error(`internal: '${event}' in ${state} needs the plan's next state`);
  return next;
}

export function allowed(state: SessionState, event: SessionEvent): boolean {
  return transitions[state][event] !== undefined;
}

/** The same refusal for the window, worded there. */
function refusalText(state: SessionState, event: SessionEvent): StationText {
  if (event === 'cancel' && state === 'sealing') return stationText('cannot-cancel-sealing');
  if (event === 'cancel' && state === 'idle') return stationText('no-session');
  if (event === 'start') return stationText('session-open');
  if (event === 'finish') return stationText('nothing-to-finish');
  if (event === 'takeBack') return stationText('cannot-take-back');
  if (event === 'stopAttempt') return stationText('no-attempt-to-stop');
  if (event === 'correctSigner') return stationText('correct-only-prepared');
  if (event === 'returnToQueue') return stationText('queue-only-prepared');
  return stationText('wrong-step');
}

function refusal(state: SessionState, event: SessionEvent): string {
  if (event === 'cancel' && state === 'sealing') return 'The document is being sealed; it cannot be cancelled now.';
  if (event === 'cancel' && state === 'idle') return 'There is no open signing to cancel.';
  if (event === 'start') return 'A signing is already open. Finish or cancel it first.';
  if (event === 'finish') return `There is no signed document to finish; the session is ${state}.`;
  if (event === 'takeBack') return `Cannot take back while ${state}.`;
  if (event === 'stopAttempt') return `There is no attempt on the customer screen to stop; the session is ${state}.`;
  if (event === 'correctSigner') return 'The signer can be corrected only while the signing is prepared: take it back from the customer screen first.';
  if (event === 'returnToQueue') return 'Only a prepared signing can go back to the queue: take it back from the customer screen first.';
  return `This step (${event}) is not possible while the session is ${state}.`;
}
