import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { findPlaintextMarkers, openLocalVault, tempDir } from '../../../test/support/vaultFixtures';
import { createSigningRequestInbox } from '../inbox/signingRequestInbox';
import { createVaultSigningRequestRepository } from '../inbox/vaultSigningRequestRepository';
import { silentLogger } from '../../logging/logger';
import { makeSamplePdf } from '../../../test/support/samplePdf';
import { createWebhookDispatcher } from './webhookDispatcher';
import { createVaultWebhookOutbox } from './vaultWebhookOutbox';
import { verifyWebhook } from './webhookSignature';
import { rawVaultDatabase } from '../../../test/support/rawVaultDatabase';

const dir = tempDir('webhook-outbox-');
afterAll(() => dir.remove());

describe('webhook outbox in the vault', () => {
  it('keeps a pending delivery across a restart and delivers it afterwards; the body never lies on disk in plaintext', async () => {
    const secret = 'outbox-secret';
    let answer = 503;
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const ok = verifyWebhook({ secret, timestamp: req.headers['signing-station-timestamp'] as string, signature: req.headers['signing-station-signature'] as string, body }).ok;
        bodies.push(body);
        res.writeHead(ok ? answer : 401).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const { vault } = await openLocalVault(dir.dir);
    try {
      const inbox = createSigningRequestInbox({ repository: createVaultSigningRequestRepository(vault), expiryCheckIntervalMs: 0 });
      const first = createWebhookDispatcher({ inbox, log: silentLogger, secretFor: () => secret, callbackHostsFor: () => ['127.0.0.1'], outbox: createVaultWebhookOutbox(vault), retry: { initialDelayMs: 60_000, jitter: 0 } });
      const { request } = await inbox.submit({ source: 'api', owner: 'crm', document: await makeSamplePdf(), documentName: 'a.pdf', callbackUrl: url, signerName: 'Outbox-Marker Petrauskas' });
      await inbox.complete(request.id, await makeSamplePdf('signed'));
      // Wait until the first attempt (answered 503) is recorded; the next is a minute away.
      const recorded = () => createVaultWebhookOutbox(vault).list()[0]?.attempts.length === 1;
      for (let i = 0; i < 400 && !recorded(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(bodies).toHaveLength(1);
      first.close(); // the station stops
      expect(findPlaintextMarkers(dir.dir, ['Outbox-Marker'])).toEqual([]);

      answer = 200;
      // A new process: a fresh outbox object over the same vault, with a short retry delay.
      const outbox = createVaultWebhookOutbox(vault);
      expect(outbox.list()).toMatchObject([{ status: 'pending', attempts: [{ httpStatus: 503 }] }]);
      // The stored next attempt is a minute away; make it due now rather than wait.
      rawVaultDatabase(vault).prepare('UPDATE webhook_deliveries SET next_attempt_at = ?').run(new Date(0).toISOString());
      const resumed = createWebhookDispatcher({ inbox, log: silentLogger, secretFor: () => secret, callbackHostsFor: () => ['127.0.0.1'], outbox, retry: { initialDelayMs: 1, jitter: 0 } });
      await resumed.idle();
      resumed.close();
      expect(bodies.length).toBeGreaterThanOrEqual(2);
      expect(bodies.at(-1)).toBe(bodies[0]); // the same signed body, byte for byte
      const log = createVaultWebhookOutbox(vault).list();
      expect(log).toMatchObject([{ status: 'delivered', signingRequestId: request.id }]);
      expect(log[0].body).toBeUndefined();
      expect(vault.openRecord('webhook-body', log[0].id)).toBeUndefined();
      inbox.close();
    } finally {
      vault.close();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
