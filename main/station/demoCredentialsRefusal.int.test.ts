import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import type { CliIo } from '../cli/cliCommand';
import { loadStationConfig } from '../config/loadStationConfig';
import { closePdfParser } from '../documents/inspectPdf';
import { silentLogger } from '../logging/logger';
import { createStation } from '../station';
import { corpusFiles, haveCorpus, svcDir } from '../../test/support/documentTestKit';

/**
 * Demo credentials on a real tenant: a station configured for `bank-a` with no
 * seal and no escrow key must not seal with the self-signed demo seal, nor for the demo escrow key
 * whose private half lies in its storage folder — through the real CLI (`config check`, `doctor`,
 * `doc sign`) and the desk — unless documents.allowDemoCredentials says so, loudly.
 */
const root = mkdtempSync(join(tmpdir(), 'station-demo-creds-'));
afterAll(() => {
  closePdfParser();
  rmSync(root, { recursive: true, force: true });
});

function stationEnv(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = join(root, name);
  return {
    STATION_CONFIG: join(dir, 'no-config.json'),
    STATION_STORAGE_DIR: join(dir, 'store'),
    STATION_STATION_TENANT: 'bank-a',
    STATION_PEN_SIMULATE: 'true',
    ...extra,
  };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, cwd: root };
  let code: number;
  try {
    code = await runCli(argv, io);
  } catch (e) {
    // runCli reports CliErrors itself; anything else is a bug the assertion below shows.
    err += String(e);
    code = -1;
  }
  return { code, out, err };
}

const demoEscrowKey = (env: NodeJS.ProcessEnv) => join(env.STATION_STORAGE_DIR!, 'escrow-holder', 'DEMO-escrow-private-key.pem');
const demoSeal = (env: NodeJS.ProcessEnv) => join(env.STATION_STORAGE_DIR!, 'documents', 'DEMO-seal.p12');
const namesTheSettings = /documents\.sealP12[\s\S]*documents\.sealKmsKeyId[\s\S]*documents\.escrowPublicKey[\s\S]*documents\.allowDemoCredentials/;

describe('a real tenant without its own seal and escrow key', () => {
  const env = stationEnv('refused');

  it('config check says the configuration is not usable and names the settings to set', async () => {
    const r = await cli(['config', 'check'], env);
    expect(r.out).toMatch(/configuration NOT usable/);
    expect(r.out).toMatch(namesTheSettings);
    expect(r.out).toMatch(/tenant 'bank-a'/);
    expect(r.code).toBe(78);
    const json = await cli(['config', 'check', '--json'], env);
    expect(JSON.parse(json.out).problems).toEqual([expect.stringMatching(namesTheSettings)]);
  });

  it('doctor reports the seal as FAIL and exits non-zero', async () => {
    const r = await cli(['doctor'], env);
    expect(r.out).toMatch(/^FAIL\s+seal\s+.*tenant 'bank-a' has no sealing key/m);
    expect(r.code).toBe(1);
  });

  it.skipIf(!haveCorpus)('doc sign refuses, writes nothing, and no demo key is made beside the tenant\'s data', async () => {
    const pdf = corpusFiles('signature-fields').find((f) => f.includes('pdf-two-fields'))!;
    const r = await cli(['doc', 'sign', '--in', pdf, '--signature', join(svcDir!, 'U5S3.TXT'), '--signer', 'Åsa Öberg', '--out', join(root, 'refused.pdf')], env);
    expect(r.err).toMatch(namesTheSettings);
    expect(r.code).not.toBe(0);
    expect(existsSync(join(root, 'refused.pdf'))).toBe(false);
    expect(existsSync(demoEscrowKey(env))).toBe(false);
    expect(existsSync(demoSeal(env))).toBe(false);
  });

  it('the desk refuses to prepare a signing (before the customer signs in vain) and says why', async () => {
    const secret = join(root, 'teller.secret');
    const admin = join(root, 'admin.secret');
    writeFileSync(admin, 'correct horse battery staple\n', { mode: 0o600 });
    writeFileSync(secret, '482913\n', { mode: 0o600 });
    expect((await cli(['user', 'add', '--username', 'ada', '--role', 'administrator', '--new-secret-file', admin], env)).code).toBe(0);
    expect((await cli(['user', 'add', '--username', 'tove', '--role', 'teller', '--pin', '--new-secret-file', secret, '--user', 'ada', '--secret-file', admin], env)).code).toBe(0);
    const station = await createStation(loadStationConfig({ env }).config, silentLogger);
    try {
      const call = async (name: string, payload: unknown = {}) => station.dispatch('teller', name, payload);
      expect((await call('auth.signIn', { username: 'tove', secret: '482913' })).ok).toBe(true);
      const added = await call('inbox.addDemo');
      expect(added.ok).toBe(true);
      const status = await call('station.status');
      expect(status).toMatchObject({ ok: true, payload: { demoCredentials: true } });
      const started = await call('session.start', { requestId: (added as { payload: { id: string } }).payload.id, signerName: 'Åsa Öberg', requireReadToEnd: false });
      expect(started).toMatchObject({ ok: false, error: { code: 'sealing-refused', message: expect.stringMatching(namesTheSettings) } });
      expect((await call('session.current')).ok).toBe(true);
    } finally {
      await station.close();
    }
    expect(existsSync(demoEscrowKey(env))).toBe(false);
  });
});

describe('documents.allowDemoCredentials on a real tenant', () => {
  const env = stationEnv('allowed', { STATION_DOCUMENTS_ALLOW_DEMO_CREDENTIALS: 'true' });

  it('config check passes with a loud warning; doctor shows it', async () => {
    const r = await cli(['config', 'check'], env);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/WARNING: documents\.allowDemoCredentials is on for tenant 'bank-a'/);
    const d = await cli(['doctor'], env);
    expect(d.out).toMatch(/^ok\s+seal\s+DEMO credentials.*WARNING: documents\.allowDemoCredentials is on for tenant 'bank-a'/m);
  });

  it.skipIf(!haveCorpus)('doc sign seals with the demo credentials and warns on every run', async () => {
    const pdf = corpusFiles('signature-fields').find((f) => f.includes('pdf-two-fields'))!;
    const r = await cli(['doc', 'sign', '--in', pdf, '--signature', join(svcDir!, 'U5S3.TXT'), '--signer', 'Åsa Öberg', '--out', join(root, 'allowed.pdf')], env);
    expect(r.err).toMatch(/WARNING: documents\.allowDemoCredentials is on/);
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'allowed.pdf'))).toBe(true);
  });
});

describe('the tenant\'s own credentials, and the demo tenant', () => {
  it('a real tenant with its own seal and escrow key passes config check and doctor without a word about demo', async () => {
    const dir = join(root, 'own-keys');
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=Bank A seal', '-days', '2'], { cwd: dir, stdio: 'ignore' });
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-passout', 'pass:s3cret', '-out', 'seal.p12'], { cwd: dir, stdio: 'ignore' });
    execFileSync('openssl', ['pkey', '-in', 'k.pem', '-pubout', '-out', 'escrow.pem'], { cwd: dir, stdio: 'ignore' });
    const env = stationEnv('own-keys', {
      STATION_DOCUMENTS_SEAL_P12: join(dir, 'seal.p12'), STATION_DOCUMENTS_SEAL_P12_PASSWORD: 's3cret', STATION_DOCUMENTS_ESCROW_PUBLIC_KEY: join(dir, 'escrow.pem'),
    });
    const r = await cli(['config', 'check'], env);
    expect(r.out).toMatch(/configuration OK/);
    expect(r.code).toBe(0);
    const d = await cli(['doctor'], env);
    expect(d.out).toMatch(/^ok\s+seal\s+sealing key local PKCS#12/m);
    expect(d.out).not.toMatch(/DEMO/);
  });

  it('the demo tenant keeps its out-of-the-box demo credentials', async () => {
    const env = stationEnv('demo-tenant', { STATION_STATION_TENANT: 'demo' });
    const r = await cli(['config', 'check', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ problems: [], warnings: [] });
  });
});
