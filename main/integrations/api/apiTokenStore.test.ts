import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiTokenStoreError, createFileApiTokenStore } from './apiTokenStore';

const dir = mkdtempSync(join(tmpdir(), 'token-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('API token store', () => {
  it('keeps only a hash, authenticates the exact token, and refuses look-alikes', () => {
    const file = join(dir, 'a.json');
    const store = createFileApiTokenStore(file);
    const { token, record } = store.create({ integration: 'crm', scopes: ['read'] });
    expect(readFileSync(file, 'utf8')).not.toContain(token.split('_')[2]);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(store.authenticate(token)?.id).toBe(record.id);
    const secret = token.split('_')[2];
    const flipped = secret[0] === 'A' ? 'B' + secret.slice(1) : 'A' + secret.slice(1);
    expect(store.authenticate(`sst_${record.id}_${flipped}`)).toBeUndefined();
    expect(store.authenticate(token + 'x')).toBeUndefined();
    expect(store.authenticate('')).toBeUndefined();
  });

  it('refuses expired tokens', () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const store = createFileApiTokenStore(join(dir, 'b.json'), () => now);
    const { token, record } = store.create({ integration: 'crm', scopes: ['read'], expiresInDays: 30 });
    expect(record.expiresAt).toBe('2026-03-31T00:00:00.000Z');
    now = new Date('2026-03-30T23:59:59Z');
    expect(store.authenticate(token)).toBeDefined();
    now = new Date('2026-03-31T00:00:00Z');
    expect(store.authenticate(token)).toBeUndefined();
    expect(() => store.create({ integration: 'crm', scopes: ['read'], expiresInDays: 0 })).toThrow(ApiTokenStoreError);
  });

  it('keeps one webhook secret per integration across tokens (rotation does not break receivers)', () => {
    const store = createFileApiTokenStore(join(dir, 'c.json'));
    const first = store.create({ integration: 'pms', scopes: ['create'] });
    const second = store.create({ integration: 'pms', scopes: ['create'] });
    expect(first.webhookSecret).toBeDefined();
    expect(second.webhookSecret).toBeUndefined();
    expect(store.webhookSecretFor('pms')).toBe(first.webhookSecret);
  });

  it('refuses to guess when the file is damaged', () => {
    const file = join(dir, 'd.json');
    writeFileSync(file, '{"version": 1, "tokens": [');
    expect(() => createFileApiTokenStore(file).list()).toThrow(/unreadable token store/);
  });
});
