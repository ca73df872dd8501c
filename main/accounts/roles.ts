/**
 * Who may do what at a station. One matrix, used by every door: the CLI, the teller UI's services
 * and the HTTP API (whose tokens carry scopes, mapped here to the same actions). The customer's
 * screen has no role at all: it can never reach a teller function (see preload/common/contract.ts).
 *
 * Separation of duties: the administrator manages accounts and configuration but never reads a
 * customer's document; supervisors answer data-subject requests; tellers run signings.
 */
export const roles = ['teller', 'supervisor', 'administrator'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'session.sign', // open a document, show it to the customer, seal and queue it
  'queue.view', // counts and states of the queue (no personal data)
  'document.view', // open a signed document (re-print, inspection)
  'document.hold', // put / release a legal hold
  'gdpr.export', // right of access (Art. 15)
  'gdpr.erase', // right to erasure (Art. 17)
  'audit.verify', // check the audit chain
  'audit.export', // the trail of a period, for an investigator
  'retention.run', // run the retention purge now
  'archive.extend', // renew the archive time-stamps of synced documents (opens them with KMS rights)
  'records.view', // records of processing
  'config.change', // change the station's configuration
  'user.manage', // add, disable accounts, reset secrets
] as const;
export type Action = (typeof actions)[number];

const matrix: Record<Role, readonly Action[]> = {
  teller: ['session.sign', 'queue.view'],
  supervisor: ['session.sign', 'queue.view', 'document.view', 'document.hold', 'gdpr.export', 'gdpr.erase', 'audit.verify', 'audit.export', 'retention.run', 'archive.extend', 'records.view'],
  administrator: ['queue.view', 'audit.verify', 'audit.export', 'retention.run', 'records.view', 'config.change', 'user.manage'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** May this role do this action? Unknown roles and actions: no. */
export function can(role: string, action: string): boolean {
  return isRole(role) && (matrix[role] as readonly string[]).includes(action);
}

/** The whole matrix, for docs/privacy.md and `station privacy records`. */
export function permissionMatrix(): { action: Action; allowed: Record<Role, boolean> }[] {
  return actions.map((action) => ({ action, allowed: Object.fromEntries(roles.map((r) => [r, can(r, action)])) as Record<Role, boolean> }));
}

/** Someone acting: an account (id, username, role) as signIn returns it. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
}

/** Refused for lack of permission; says which action and which role, never any data. */
export class AccessDeniedError extends Error {
  readonly code = 'forbidden';
  constructor(readonly action: string, readonly role: string) {
    super(`a ${role} may not ${action}`);
    this.name = 'AccessDeniedError';
  }
}

/** Throws AccessDeniedError unless the actor's role allows the action. The services call this first. */
export function requirePermission(actor: Pick<Actor, 'role'> | undefined, action: Action): void {
  if (!actor) throw new AccessDeniedError(action, 'anonymous caller');
  if (!can(actor.role, action)) throw new AccessDeniedError(action, actor.role);
}
