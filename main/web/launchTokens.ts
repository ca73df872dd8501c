import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { WindowRole } from '../../preload/common/contract';

/**
 * Per-launch secrets for browser mode: one for the teller's page, one for the customer's. A page
 * proves its role with its token; whoever can reach the port but lacks a token gets nothing.
 * New tokens on every launch, so an old URL stops working when the station restarts.
 */
export class LaunchTokens {
  private readonly tokens: Record<WindowRole, Buffer>;

  constructor(given?: Partial<Record<WindowRole, string>>) {
    this.tokens = {
      teller: Buffer.from(given?.teller ?? randomBytes(24).toString('base64url')),
      customer: Buffer.from(given?.customer ?? randomBytes(24).toString('base64url')),
    };
  }

  token(role: WindowRole): string {
    return this.tokens[role].toString();
  }

  /** The role a token grants, compared in constant time; undefined for anything else. */
  roleOf(candidate: unknown): WindowRole | undefined {
    if (typeof candidate !== 'string' || candidate.length > 200) return undefined;
    const c = Buffer.from(candidate);
    for (const role of ['teller', 'customer'] as const) {
      const t = this.tokens[role];
      if (c.length === t.length && timingSafeEqual(c, t)) return role;
    }
    return undefined;
  }
}
