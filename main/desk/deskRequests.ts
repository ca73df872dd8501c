import { ContractError, type RequestName, type WindowRole } from '../../preload/common/contract';
import { can, type Action } from '../accounts/roles';
import type { RequestHandlers } from '../contract/contractHost';
import type { DeskAccessControl } from './deskAccess';
import { stationText } from '../../preload/common/stationText';

type AuthRequest = Extract<RequestName, `auth.${string}`>;

/** The contract's 'auth.*' requests, served by the desk. */
export function deskRequestHandlers(desk: DeskAccessControl): Pick<RequestHandlers, AuthRequest> {
  return {
    'auth.current': () => desk.view(),
    'auth.signIn': ({ username, secret }) => desk.signIn(username, secret, 'teller-window'),
    'auth.lock': () => desk.lock('on demand'),
    'auth.signOut': () => desk.signOut(),
    'auth.activity': () => (desk.activity(), { ok: true as const }),
    'auth.setLanguage': ({ language }) => desk.setLanguage(language),
  };
}

/**
 * What a signed-in teller needs the role to allow for each request of the teller window (the one
 * matrix in main/accounts/roles.ts). Seeing the queue's states is 'queue.view'; anything that
 * touches a customer's document or signature is 'session.sign' — so an administrator, who
 * manages the station but never reads customers' documents, sees the queue and nothing more.
 */
const actionOf: Record<Exclude<RequestName, AuthRequest>, Action | 'customer-only'> = {
  'station.status': 'queue.view',
  'inbox.list': 'queue.view',
  'inbox.importPdf': 'session.sign',
  'inbox.addDemo': 'session.sign',
  'inbox.addDemoPackage': 'session.sign',
  'document.bytes': 'session.sign',
  'document.signaturePlaces': 'session.sign',
  'session.current': 'session.sign',
  'session.start': 'session.sign',
  'session.sendToCustomer': 'session.sign',
  'session.takeBack': 'session.sign',
  'session.cancel': 'session.sign',
  'session.skipPlace': 'session.sign',
  'session.applyBankSeal': 'session.sign',
  'session.cancelDocument': 'session.sign',
  'session.finish': 'session.sign',
  'session.signedPdf': 'session.sign',
  'pen.simulateSignature': 'session.sign',
  'pen.calibrate': 'session.sign',
  'pen.calibration': 'customer-only',
  'pen.saveCalibration': 'customer-only',
  'customer.setLanguage': 'session.sign',
  'ink.current': 'session.sign',
  'customer.session': 'customer-only',
  'customer.view': 'customer-only',
  'customer.readDone': 'customer-only',
  'customer.consent': 'customer-only',
  'customer.penSamples': 'customer-only',
  'customer.clearInk': 'customer-only',
  'customer.confirmSignature': 'customer-only',
  'customer.cancel': 'customer-only',
  'customer.dialog': 'customer-only',
  'customer.calibration': 'customer-only',
  'customer.acceptSignature': 'customer-only',
  'customer.signAgain': 'customer-only',
  'session.stopAttempt': 'session.sign',
  'session.correctSigner': 'session.sign',
  'session.returnToQueue': 'session.sign',
};

/**
 * Wraps every handler so that a teller request needs a signed-in teller whose role allows it (and
 * counts as activity), except the sign-in requests themselves. Customer requests never need one:
 * the customer's screen keeps working while the teller's window is locked.
 */
export function requireSignedInTeller(handlers: RequestHandlers, desk: DeskAccessControl): RequestHandlers {
  const guarded = {} as Record<string, unknown>;
  for (const [name, handler] of Object.entries(handlers) as [RequestName, (p: unknown, r: WindowRole) => unknown][]) {
    const action = (actionOf as Record<string, Action | 'customer-only' | undefined>)[name];
    guarded[name] = name.startsWith('auth.')
      ? handler
      : (payload: unknown, role: WindowRole) => {
          if (role === 'teller') {
            const user = desk.requireSignedIn();
            // A request this table does not know is refused rather than let through.
            if (!action || action === 'customer-only' || !can(user.role, action)) {
              throw new ContractError('forbidden', `A ${user.role} may not do this (${name}).`, stationText('role-may-not', { role: user.role }));
            }
            desk.activity();
          }
          return handler(payload, role);
        };
  }
  return guarded as RequestHandlers;
}
