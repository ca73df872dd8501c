import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createAccountService } from '../accounts/accountService';
import { createAuditTrail } from '../privacy/auditTrail';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import type { CliIo } from '../cli/cliCommand';
import { sshdUnavailableReason, startTestSshd, type TestSshd } from '../../test/support/sshd';
import { startApiServer } from './api/apiServer';
import { createFileApiTokenStore } from './api/apiTokenStore';
import { createInMemorySigningRequestRepository } from './inbox/inMemorySigningRequestRepository';
import { createSigningRequestInbox } from './inbox/signingRequestInbox';
import { apiTokenFile } from './integrationPaths';
import { silentLogger } from '../logging/logger';
import { createVaultWebhookOutbox } from './webhooks/vaultWebhookOutbox';
import { loadStationConfig } from '../config/loadStationConfig';
import { openStationVault } from '../vault/openStationVault';
import { rawVaultDatabase } from '../../test/support/rawVaultDatabase';

let storage: string;
beforeAll(() => {
  storage = mkdtempSync(join(tmpdir(), 'integrations-cli-'));
});
afterAll(() => rmSync(storage, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    env: { STATION_CONFIG: join(storage, 'no-such-config.json'), STATION_STORAGE_DIR: storage, ...env },
    cwd: storage,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('station api token create|list|revoke', () => {
  it('makes a token that the API accepts, lists it without secrets, and revokes it', async () => {
    const created = await cli(['api', 'token', 'create', '--integration', 'crm', '--scopes', 'create,read', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id, token, webhookSecret, scopes } = JSON.parse(created.stdout);
    expect(token).toMatch(/^sst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(scopes).toEqual(['create', 'read']);
    expect(statSync(apiTokenFile(storage)).mode & 0o077).toBe(0); // not readable by others

    const listed = await cli(['api', 'token', 'list']);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(token.split('_')[2]);

    const inbox = createSigningRequestInbox({ repository: createInMemorySigningRequestRepository(), expiryCheckIntervalMs: 0 });
    const server = await startApiServer({
      config: { host: '127.0.0.1', port: 0, tlsCert: '', tlsKey: '', maxBodyBytes: 1 << 20 },
      inbox, tokens: createFileApiTokenStore(apiTokenFile(storage)), log: silentLogger, audit: () => undefined,
    });
    try {
      const probe = () => fetch(`${server.url}/v1/signing-requests/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await probe()).toBe(404); // authenticated; no such request
      const revoked = await cli(['api', 'token', 'revoke', id]);
      expect(revoked.code).toBe(0);
      expect(await probe()).toBe(401);
      expect((await cli(['api', 'token', 'list'])).stdout).toMatch(/REVOKED/);
    } finally {
      await server.close();
      inbox.close();
    }
  });

  it('refuses bad input with one clear line', async () => {
    const noName = await cli(['api', 'token', 'create']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/--integration/);
    const badScope = await cli(['api', 'token', 'create', '--integration', 'x', '--scopes', 'admin']);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toMatch(/unknown scope 'admin'/);
    const badName = await cli(['api', 'token', 'create', '--integration', '../etc']);
    expect(badName.stderr).toMatch(/integration name/);
    const unknown = await cli(['api', 'token', 'revoke', 'ffffffffffffffff']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no token/);
  });
});

describe('token changes need an administrator once accounts exist', () => {
  it('refuses without sign-in (2) and for a teller (77), accepts an administrator, and audits the change', async () => {
    const own = mkdtempSync(join(tmpdir(), 'integrations-cli-accounts-'));
    const env = { STATION_STORAGE_DIR: own };
    try {
      const config = loadStationConfig({ env: { STATION_CONFIG: join(own, 'none.json'), ...env } }).config;
      const vault = await openStationVault(config);
      try {
        const accounts = createAccountService(vault, { log: { info() {}, warn() {} } });
        const admin = await accounts.addAccount('bootstrap', { username: 'admin', role: 'administrator', secret: 'admin password 123' });
        await accounts.addAccount(admin, { username: 'teller1', role: 'teller', secret: 'teller password 123' });
      } finally {
        vault.close();
      }
      writeFileSync(join(own, 'admin.secret'), 'admin password 123\n');
      writeFileSync(join(own, 'teller.secret'), 'teller password 123\n');
      const none = await cli(['api', 'token', 'create', '--integration', 'crm'], env);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/administrator signs in/);
      const teller = await cli(['api', 'token', 'create', '--integration', 'crm', '--user', 'teller1', '--secret-file', join(own, 'teller.secret')], env);
      expect(teller.code).toBe(77);
      const ok = await cli(['api', 'token', 'create', '--integration', 'crm', '--json', '--user', 'admin', '--secret-file', join(own, 'admin.secret')], env);
      expect(ok.code, ok.stderr).toBe(0);
      const { id } = JSON.parse(ok.stdout);
      const revoke = await cli(['api', 'token', 'revoke', id, '--user', 'admin', '--secret-file', join(own, 'admin.secret')], env);
      expect(revoke.code, revoke.stderr).toBe(0);
      const check = await openStationVault(config);
      try {
        const actions = createAuditTrail(check, { log: { info() {}, warn() {} } }).entries({ recordId: id }).map((e) => `${e.actor} ${e.action}`);
        expect(actions).toEqual(['admin api.token.created', 'admin api.token.revoked']);
      } finally {
        check.close();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('station api deliveries and export sftp --log', () => {
  it('lists the webhook delivery log from the station vault, without bodies', async () => {
    const config = loadStationConfig({ env: { STATION_CONFIG: join(storage, 'no-such-config.json'), STATION_STORAGE_DIR: storage } }).config;
    const vault = await openStationVault(config);
    try {
      createVaultWebhookOutbox(vault).save({
        id: '11111111-1111-4111-8111-111111111111', type: 'signing.completed', signingRequestId: 'r-1', owner: 'crm', url: 'https://crm.example/hook',
        status: 'pending', createdAt: '2026-03-01T10:00:00.000Z', nextAttemptAt: '2026-03-01T10:00:04.000Z',
        attempts: [{ at: '2026-03-01T10:00:02.000Z', httpStatus: 502, error: 'HTTP 502' }], body: '{"secret":"Body-Marker"}',
      });
      rawVaultDatabase(vault).prepare(`INSERT INTO sftp_exports (document_id, status, attempts, next_attempt_at, last_error, created_at) VALUES ('doc-77', 'pending', 3, '2026-03-01T11:00:00.000Z', 'connect ECONNREFUSED', '2026-03-01T10:00:00.000Z')`).run();
    } finally {
      vault.close();
    }
    const r = await cli(['api', 'deliveries']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/signing\.completed\s+pending\s+crm\s+https:\/\/crm\.example\/hook\s+attempts 1 last .* 502 \(HTTP 502\)/);
    const json = await cli(['api', 'deliveries', '--pending', '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(1);
    expect(json.stdout).not.toContain('Body-Marker');
    const exports = await cli(['export', 'sftp', '--log', '--pending']);
    expect(exports.code, exports.stderr).toBe(0);
    expect(exports.stdout).toMatch(/doc-77\s+pending\s+attempts 3\s+next 2026-03-01T11:00:00.000Z\s+\(connect ECONNREFUSED\)/);
  });
});

const noSshd = sshdUnavailableReason();
describe.skipIf(Boolean(noSshd))('station export sftp --test against a real sshd', () => {
  let sshd: TestSshd;
  beforeAll(async () => { sshd = await startTestSshd(); });
  afterAll(async () => { await sshd?.stop(); });
  const env = (extra: Record<string, string>) => ({
    STATION_SFTP_HOST: sshd.host, STATION_SFTP_PORT: String(sshd.port), STATION_SFTP_USERNAME: sshd.username,
    STATION_SFTP_PRIVATE_KEY_FILE: sshd.clientPrivateKeyFile, ...extra,
  });

  it('shows the fingerprint to pin when none is pinned', async () => {
    const r = await cli(['export', 'sftp', '--test'], env({}));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(sshd.hostKeySha256);
    expect(r.stdout).toMatch(/STATION_SFTP_HOST_KEY_SHA256/);
  });

  it('logs in when the pin matches, and refuses when it does not', async () => {
    const ok = await cli(['export', 'sftp', '--test'], env({ STATION_SFTP_HOST_KEY_SHA256: sshd.hostKeySha256 }));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/remote folder \/upload/);
    const wrong = await cli(['export', 'sftp', '--test'], env({ STATION_SFTP_HOST_KEY_SHA256: 'SHA256:' + 'A'.repeat(43) }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/does NOT match/);
  });
});
