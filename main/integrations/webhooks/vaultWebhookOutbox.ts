import type { Vault } from '../../vault/vault';
import type { WebhookDelivery, WebhookOutbox } from './webhookDispatcher';

/**
 * Webhook deliveries in the vault (table from migration 201): pending deliveries survive a restart,
 * and the delivery log can be read by `station api deliveries`. Bodies are sealed records and are
 * removed once a delivery is finished; finished rows beyond `keepFinished` are pruned, oldest first.
 */
const bodyKind = 'webhook-body';
const aadFor = (id: string) => new TextEncoder().encode(`webhook:${id}`);

interface Row {
  id: string;
  type: WebhookDelivery['type'];
  signing_request_id: string;
  owner: string;
  url: string;
  status: WebhookDelivery['status'];
  created_at: string;
  next_attempt_at: string | null;
  attempts: string;
}

export function createVaultWebhookOutbox(vault: Vault, keepFinished = 1000): WebhookOutbox {
  const db = vault.sql;
  const upsert = db.prepare(`INSERT INTO webhook_deliveries (id, type, signing_request_id, owner, url, status, created_at, next_attempt_at, attempts)
    VALUES (@id, @type, @signingRequestId, @owner, @url, @status, @createdAt, @nextAttemptAt, @attempts)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, next_attempt_at = excluded.next_attempt_at, attempts = excluded.attempts`);
  const prune = db.prepare(`SELECT id FROM webhook_deliveries WHERE status != 'pending' ORDER BY created_at DESC LIMIT -1 OFFSET ?`);
  const remove = db.prepare('DELETE FROM webhook_deliveries WHERE id = ?');
  // Decrypted bodies of pending deliveries, so the dispatcher's frequent list() does not decrypt each time.
  const bodies = new Map<string, string>();

  return {
    save(d) {
      vault.transaction(() => {
        upsert.run({
          id: d.id, type: d.type, signingRequestId: d.signingRequestId, owner: d.owner, url: d.url, status: d.status,
          createdAt: d.createdAt, nextAttemptAt: d.nextAttemptAt ?? null, attempts: JSON.stringify(d.attempts),
        });
        if (d.status === 'pending' && d.body !== undefined && !bodies.has(d.id)) {
          vault.sealRecord(bodyKind, d.id, new TextEncoder().encode(d.body), aadFor(d.id));
          bodies.set(d.id, d.body);
        }
        if (d.status !== 'pending') {
          bodies.delete(d.id);
          vault.deleteRecord(bodyKind, d.id);
          for (const old of prune.all(keepFinished) as { id: string }[]) remove.run(old.id);
        }
      });
    },
    list() {
      const rows = db.prepare('SELECT * FROM webhook_deliveries ORDER BY created_at, rowid').all() as Row[];
      return rows.map((r) => {
        const d: WebhookDelivery = {
          id: r.id, type: r.type, signingRequestId: r.signing_request_id, owner: r.owner, url: r.url, status: r.status,
          createdAt: r.created_at, nextAttemptAt: r.next_attempt_at ?? undefined, attempts: JSON.parse(r.attempts),
        };
        if (r.status === 'pending') {
          let body = bodies.get(r.id);
          if (body === undefined) {
            const sealed = vault.openRecord(bodyKind, r.id, aadFor(r.id));
            if (sealed) {
              body = sealed.toString('utf8');
              bodies.set(r.id, body);
            }
          }
          d.body = body;
        }
        return d;
      });
    },
  };
}
