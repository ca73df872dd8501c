import { randomUUID } from 'node:crypto';
import type { lookup } from 'node:dns';
import type { SigningRequest } from '../inbox/signingRequest';
import type { SigningRequestInbox } from '../inbox/signingRequestInbox';
import type { LogWriter } from '../../logging/logger';
import { representSigningRequest } from '../api/signingRequestRepresentation';
import { deliveryHeader, signatureHeader, signWebhook, timestampHeader } from './webhookSignature';
import { CallbackRefusedError, parseCallbackAllowList } from './callbackAllowList';
import { postWebhookGuarded } from './guardedWebhookPost';

/**
 * Tells the client system what became of its request: signing.completed, signing.cancelled,
 * signing.expired, POSTed to the request's callbackUrl, HMAC-signed, retried with exponential
 * backoff until a 2xx arrives or the delivery is too old. Each event is one delivery with one id,
 * whatever the number of attempts, so the receiver can drop duplicates. Each attempt goes only where
 * the integration's callback hosts allow (checked again at delivery, DNS answer included); a
 * refused one is given up at once, not retried.
 *
 * The delivery log (`deliveries()`) is what the teller's supervisor sees: where, what, how many
 * attempts, the last error. It holds no body once delivered: bodies carry the signer's name.
 */
export type WebhookEventType = 'signing.completed' | 'signing.cancelled' | 'signing.expired' | 'package.finished';
export type DeliveryStatus = 'pending' | 'delivered' | 'expired' | 'no-secret';

export interface WebhookAttempt {
  at: string;
  /** HTTP status, or undefined when the connection failed. */
  httpStatus?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: string;
  type: WebhookEventType;
  signingRequestId: string;
  owner: string;
  url: string;
  status: DeliveryStatus;
  createdAt: string;
  nextAttemptAt?: string;
  attempts: WebhookAttempt[];
  /** The exact JSON that is signed and sent; dropped once the delivery is finished. */
  body?: string;
}

/**
 * Where pending deliveries are kept so they survive a restart (a branch may be offline for days).
 * The station's implementation is on the encrypted vault (bodies carry personal data).
 */
export interface WebhookOutbox {
  save(delivery: WebhookDelivery): void;
  list(): WebhookDelivery[];
}

export function createInMemoryWebhookOutbox(maxFinished = 1000): WebhookOutbox {
  const byId = new Map<string, WebhookDelivery>();
  return {
    save(d) {
      byId.delete(d.id);
      byId.set(d.id, structuredClone(d));
      // Keep the log bounded: drop the oldest finished deliveries, never a pending one.
      if (byId.size > maxFinished) {
        for (const [id, x] of byId) {
          if (byId.size <= maxFinished) break;
          if (x.status !== 'pending') byId.delete(id);
        }
      }
    },
    list: () => [...byId.values()].map((d) => structuredClone(d)),
  };
}

export interface WebhookRetryPolicy {
  /** First retry after this; doubles each time. Default 1 s. */
  initialDelayMs: number;
  /** Ceiling of the delay. Default 1 h. */
  maxDelayMs: number;
  /** Give up when the event is this old. Default 72 h. */
  maxAgeMs: number;
  /** One attempt may take this long. Default 10 s. */
  timeoutMs: number;
  /** ±fraction of random spread on each delay, so many stations do not retry in lockstep. Default 0.2. */
  jitter: number;
}

export const defaultWebhookRetryPolicy: WebhookRetryPolicy = {
  initialDelayMs: 1000, maxDelayMs: 3600_000, maxAgeMs: 72 * 3600_000, timeoutMs: 10_000, jitter: 0.2,
};

export interface WebhookDispatcherOptions {
  inbox: SigningRequestInbox;
  /** The HMAC key of an integration (ApiTokenStore.webhookSecretFor). */
  secretFor: (owner: string) => string | undefined;
  /** The callback hosts an integration may be called at (ApiTokenStore.callbackHostsFor); read at each attempt. */
  callbackHostsFor: (owner: string) => readonly string[];
  /** Plain http to listed non-loopback hosts (api.allowInsecureCallbacks). */
  allowInsecureCallbacks?: boolean;
  /** Name resolution (tests: a resolver that answers like a hostile DNS server). Default: the system's. */
  resolve?: typeof lookup;
  log: LogWriter;
  retry?: Partial<WebhookRetryPolicy>;
  outbox?: WebhookOutbox;
  /** Parallel deliveries. Default 4. */
  concurrency?: number;
  now?: () => Date;
}

export interface WebhookDispatcher {
  deliveries(): WebhookDelivery[];
  /** Resolves when no delivery is due or in flight (tests, orderly shutdown). */
  idle(): Promise<void>;
  close(): void;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { inbox, secretFor, log } = options;
  const policy = { ...defaultWebhookRetryPolicy, ...options.retry };
  const outbox = options.outbox ?? createInMemoryWebhookOutbox();
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 4;
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  function enqueue(type: WebhookEventType, request: SigningRequest, extra: Record<string, unknown> = {}): void {
    if (!request.callbackUrl || closed) return;
    const id = randomUUID();
    const at = now().toISOString();
    const secret = secretFor(request.owner);
    const delivery: WebhookDelivery = {
      id, type, signingRequestId: request.id, owner: request.owner, url: request.callbackUrl,
      status: secret ? 'pending' : 'no-secret', createdAt: at, nextAttemptAt: secret ? at : undefined, attempts: [],
      body: secret ? JSON.stringify({ id, type, occurredAt: at, signingRequest: representSigningRequest(request), ...extra }) : undefined,
    };
    if (!secret) log.warn('webhook not sent: the integration has no webhook secret', { owner: request.owner, signingRequestId: request.id });
    outbox.save(delivery);
    schedule();
  }

  function delayAfter(attempts: number): number {
    const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * Math.random() - 1))));
  }

  async function attempt(d: WebhookDelivery): Promise<void> {
    const secret = secretFor(d.owner);
    const at = now();
    let result: WebhookAttempt = { at: at.toISOString() };
    let refused = false;
    if (!secret) {
      result.error = 'the integration has no webhook secret any more';
    } else {
      const timestamp = Math.floor(at.getTime() / 1000);
      try {
        const res = await postWebhookGuarded({
          url: d.url,
          allowList: parseCallbackAllowList(options.callbackHostsFor(d.owner)),
          allowInsecure: options.allowInsecureCallbacks,
          resolve: options.resolve,
          timeoutMs: policy.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'SigningStation-Webhooks/1',
            [timestampHeader]: String(timestamp),
            [signatureHeader]: signWebhook(secret, timestamp, d.body!),
            [deliveryHeader]: d.id,
          },
          body: d.body!,
        });
        result = { ...result, httpStatus: res.status };
        if (res.status < 200 || res.status >= 300) result.error = `HTTP ${res.status}`;
      } catch (err) {
        const e = err as Error & { cause?: Error };
        if (err instanceof CallbackRefusedError) refused = true;
        result.error = err instanceof CallbackRefusedError ? `refused: ${e.message}`
          : e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer in ${policy.timeoutMs} ms` : (e.cause?.message ?? e.message);
      }
    }
    d.attempts.push(result);
    if (!result.error) {
      d.status = 'delivered';
      d.nextAttemptAt = undefined;
      d.body = undefined;
      log.info('webhook delivered', { delivery: d.id, type: d.type, signingRequestId: d.signingRequestId, attempts: d.attempts.length });
    } else {
      const next = now().getTime() + delayAfter(d.attempts.length);
      if (refused || next - Date.parse(d.createdAt) > policy.maxAgeMs) {
        d.status = 'expired';
        d.nextAttemptAt = undefined;
        d.body = undefined;
        log.error(refused ? 'webhook given up: its callback host is not allowed' : 'webhook given up: not acknowledged in time', { delivery: d.id, url: d.url, attempts: d.attempts.length, lastError: result.error });
      } else {
        d.nextAttemptAt = new Date(next).toISOString();
        log.warn('webhook attempt failed; will retry', { delivery: d.id, attempt: d.attempts.length, error: result.error, nextAttemptAt: d.nextAttemptAt });
      }
    }
    outbox.save(d);
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const pending = outbox.list().filter((d) => d.status === 'pending' && !inFlight.has(d.id));
    const t = now().getTime();
    const due = pending.filter((d) => Date.parse(d.nextAttemptAt!) <= t).sort((a, b) => a.nextAttemptAt!.localeCompare(b.nextAttemptAt!));
    for (const d of due) {
      if (inFlight.size >= concurrency) break;
      inFlight.add(d.id);
      void attempt(d)
        .catch((err) => log.error('webhook dispatcher failed', { error: (err as Error).message }))
        .finally(() => {
          inFlight.delete(d.id);
          schedule();
        });
    }
    const waiting = pending.filter((d) => !inFlight.has(d.id) && Date.parse(d.nextAttemptAt!) > t);
    if (waiting.length && inFlight.size < concurrency) {
      const soonest = Math.min(...waiting.map((d) => Date.parse(d.nextAttemptAt!)));
      timer = setTimeout(schedule, Math.max(0, soonest - t));
      timer.unref();
    }
    if (inFlight.size === 0 && pending.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * When the last request of a package is completed, cancelled or expired, the package as a whole
   * is reported once: which of its documents were signed and which not (the request that finished
   * it is the event's signingRequest).
   */
  async function packageFinished(request: SigningRequest): Promise<void> {
    if (!request.packageReference) return;
    const members = (await inbox.list({ owner: request.owner })).filter((r) => r.packageReference === request.packageReference);
    if (members.some((r) => r.status === 'pending')) return;
    enqueue('package.finished', request, {
      package: {
        reference: request.packageReference,
        signingRequests: members.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((r) => ({ id: r.id, status: r.status, externalReference: r.externalReference ?? null })),
      },
    });
  }
  const finished = (type: WebhookEventType) => (r: SigningRequest) => {
    enqueue(type, r);
    packageFinished(r).catch((err) => log.error('package webhook not queued', { signingRequestId: r.id, error: (err as Error).message }));
  };

  const unsubscribe = [
    inbox.on('completed', finished('signing.completed')),
    inbox.on('cancelled', finished('signing.cancelled')),
    inbox.on('expired', finished('signing.expired')),
  ];
  // Deliveries left pending by an earlier run continue where they stopped.
  schedule();

  return {
    deliveries: () => outbox.list().map(({ body: _body, ...d }) => d),
    idle() {
      if (inFlight.size === 0 && !outbox.list().some((d) => d.status === 'pending')) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const u of unsubscribe) u();
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },
  };
}
