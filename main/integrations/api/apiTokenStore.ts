import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CallbackAllowListError, parseCallbackAllowList } from '../webhooks/callbackAllowList';

/**
 * Bearer tokens of enterprise integrations. A token is shown once, at creation; the station keeps
 * only its SHA-256 (the secret is 256 random bits, so a fast hash is enough: there is nothing to
 * brute-force). Each token has scopes and can be revoked; a revocation made from the CLI is seen by a
 * running server at the next request, because the store re-reads its file when it changes.
 *
 * Each integration (by name) also has a webhook secret that signs the callbacks sent to it. Unlike a
 * token it must be kept (the station signs with it), so it is stored as is in a 0600 file next to the
 * station's other local keys. It also has the callback hosts its webhooks may go to (none until an
 * administrator lists them: a station inside a bank's network must not be a proxy into it).
 */
export const apiScopes = ['create', 'read', 'cancel'] as const;
export type ApiScope = (typeof apiScopes)[number];

export interface ApiTokenRecord {
  id: string;
  /** The integration (client system) the token belongs to; it owns the requests it creates. */
  integration: string;
  scopes: ApiScope[];
  /** Hex SHA-256 of the secret part. */
  secretSha256: string;
  createdAt: string;
  /** After this the token is refused (rotation); absent: until revoked. */
  expiresAt?: string;
  revokedAt?: string;
}

export interface CreatedApiToken {
  /** The full bearer token, `sst_<id>_<secret>`: give it to the client now, it cannot be shown again. */
  token: string;
  record: ApiTokenRecord;
  /** Present when the integration is new: the HMAC key for its webhooks, shown this once. */
  webhookSecret?: string;
}

export interface ApiTokenStore {
  /** `callbackHosts`, when given, replaces the integration's callback hosts. */
  create(input: { integration: string; scopes: ApiScope[]; expiresInDays?: number; callbackHosts?: readonly string[] }): CreatedApiToken;
  list(): ApiTokenRecord[];
  /** Revokes by id; returns false when there is no such token. */
  revoke(id: string): boolean;
  /** The live token for a bearer string, or undefined (unknown, malformed or revoked). */
  authenticate(bearer: string): ApiTokenRecord | undefined;
  webhookSecretFor(integration: string): string | undefined;
  /** Where the integration's webhooks may go (see webhooks/callbackAllowList.ts); empty: nowhere. */
  callbackHostsFor(integration: string): string[];
  /** Replaces the integration's callback hosts; the integration must exist (a token was made for it). */
  setCallbackHosts(integration: string, hosts: readonly string[]): string[];
}

interface TokenFile {
  version: 1;
  tokens: ApiTokenRecord[];
  integrations: Record<string, { webhookSecret: string; createdAt: string; callbackHosts?: string[] }>;
}

const tokenPattern = /^sst_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const integrationPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export class ApiTokenStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiTokenStoreError';
  }
}

/** The hosts as they will be kept, checked now so that a bad entry is refused when it is set, not at delivery. */
function checkedCallbackHosts(hosts: readonly string[]): string[] {
  try {
    return [...parseCallbackAllowList(hosts).entries];
  } catch (err) {
    if (err instanceof CallbackAllowListError) throw new ApiTokenStoreError(err.message);
    throw err;
  }
}

/** The token store kept in one JSON file (written atomically, mode 0600). */
export function createFileApiTokenStore(file: string, now: () => Date = () => new Date()): ApiTokenStore {
  let cache: TokenFile | undefined;
  let cacheStamp = '';

  function stamp(): string {
    if (!existsSync(file)) return 'absent';
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  }

  function load(): TokenFile {
    const current = stamp();
    if (cache && current === cacheStamp) return cache;
    if (current === 'absent') {
      cache = { version: 1, tokens: [], integrations: {} };
    } else {
      let parsed: TokenFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new ApiTokenStoreError(`${file}: unreadable token store (${(err as Error).message}); refusing to guess`);
      }
      if (parsed?.version !== 1 || !Array.isArray(parsed.tokens) || typeof parsed.integrations !== 'object') {
        throw new ApiTokenStoreError(`${file}: not a token store of version 1`);
      }
      cache = parsed;
    }
    cacheStamp = current;
    return cache;
  }

  function save(data: TokenFile): void {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
    cache = data;
    cacheStamp = stamp();
  }

  return {
    create({ integration, scopes, expiresInDays, callbackHosts }) {
      if (expiresInDays !== undefined && !(Number.isInteger(expiresInDays) && expiresInDays > 0 && expiresInDays <= 3650)) {
        throw new ApiTokenStoreError('the expiry must be a whole number of days between 1 and 3650');
      }
      if (!integrationPattern.test(integration)) {
        throw new ApiTokenStoreError(`integration name '${integration}': use 1–64 letters, digits, '.', '_' or '-'`);
      }
      const unique = [...new Set(scopes)];
      if (unique.length === 0) throw new ApiTokenStoreError('a token needs at least one scope (create, read, cancel)');
      for (const s of unique) if (!apiScopes.includes(s)) throw new ApiTokenStoreError(`unknown scope '${s}' (use create, read, cancel)`);
      const hosts = callbackHosts === undefined ? undefined : checkedCallbackHosts(callbackHosts);
      const data = structuredClone(load());
      const id = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const record: ApiTokenRecord = {
        id, integration, scopes: unique, secretSha256: sha256Hex(secret), createdAt: now().toISOString(),
        ...(expiresInDays ? { expiresAt: new Date(now().getTime() + expiresInDays * 86_400_000).toISOString() } : {}),
      };
      data.tokens.push(record);
      let webhookSecret: string | undefined;
      if (!data.integrations[integration]) {
        webhookSecret = randomBytes(32).toString('base64url');
        data.integrations[integration] = { webhookSecret, createdAt: record.createdAt };
      }
      if (hosts) data.integrations[integration].callbackHosts = hosts;
      save(data);
      return { token: `sst_${id}_${secret}`, record: structuredClone(record), webhookSecret };
    },
    list() {
      return structuredClone(load().tokens);
    },
    revoke(id) {
      const data = structuredClone(load());
      const t = data.tokens.find((x) => x.id === id);
      if (!t) return false;
      if (!t.revokedAt) {
        t.revokedAt = now().toISOString();
        save(data);
      }
      return true;
    },
    authenticate(bearer) {
      const m = tokenPattern.exec(bearer);
      if (!m) return undefined;
      const t = load().tokens.find((x) => x.id === m[1]);
      if (!t || t.revokedAt) return undefined;
      if (t.expiresAt && Date.parse(t.expiresAt) <= now().getTime()) return undefined;
      const given = Buffer.from(sha256Hex(m[2]), 'hex');
      const stored = Buffer.from(t.secretSha256, 'hex');
      if (given.length !== stored.length || !timingSafeEqual(given, stored)) return undefined;
      return structuredClone(t);
    },
    webhookSecretFor(integration) {
      return load().integrations[integration]?.webhookSecret;
    },
    callbackHostsFor(integration) {
      return [...(load().integrations[integration]?.callbackHosts ?? [])];
    },
    setCallbackHosts(integration, hosts) {
      const checked = checkedCallbackHosts(hosts);
      const data = structuredClone(load());
      const entry = data.integrations[integration];
      if (!entry) throw new ApiTokenStoreError(`no integration '${integration}': make its first token with \`station api token create --integration ${integration}\``);
      entry.callbackHosts = checked;
      save(data);
      return [...checked];
    },
  };
}
