import type { RequestName, WindowRole } from '../../preload/common/contract';
import type { RequestHandlers } from '../contract/contractHost';
import type { DeskAccessControl } from './deskAccess';

type AuthRequest = Extract<RequestName, `auth.${string}`>;

/** The contract's 'auth.*' requests, served by the desk. */
export function deskRequestHandlers(desk: DeskAccessControl): Pick<RequestHandlers, AuthRequest> {
  return {
    'auth.current': () => desk.view(),
    'auth.signIn': ({ username, secret }) => desk.signIn(username, secret, 'teller-window'),
    'auth.lock': () => desk.lock('on demand'),
    'auth.signOut': () => desk.signOut(),
    'auth.activity': () => (desk.activity(), { ok: true as const }),
  };
}

/**
 * Wraps every handler so that a teller request needs a signed-in teller (and counts as activity),
 * except the sign-in requests themselves. Customer requests never need one: the customer's screen
 * keeps working while the teller's window is locked.
 */
export function requireSignedInTeller(handlers: RequestHandlers, desk: DeskAccessControl): RequestHandlers {
  const guarded = {} as Record<string, unknown>;
  for (const [name, handler] of Object.entries(handlers) as [RequestName, (p: unknown, r: WindowRole) => unknown][]) {
    guarded[name] = name.startsWith('auth.')
      ? handler
      : (payload: unknown, role: WindowRole) => {
          if (role === 'teller') {
            desk.requireSignedIn();
            desk.activity();
          }
          return handler(payload, role);
        };
  }
  return guarded as RequestHandlers;
}
