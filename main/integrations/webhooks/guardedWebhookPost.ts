import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { CallbackRefusedError, comparableHost, type CallbackAllowList } from './callbackAllowList';

/**
 * POSTs one webhook where its integration's allow-list lets it go, checked at delivery time: the
 * URL against the list as it is now, an IP literal directly, and a host name through a DNS lookup
 * whose answer is checked before the socket connects — the socket connects to exactly the
 * addresses that were checked, so a name that changes its answer between a check and the
 * connection (DNS rebinding) cannot reach the branch network. Redirects are not followed.
 */
export async function postWebhookGuarded(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowList: CallbackAllowList;
  allowInsecure?: boolean;
  timeoutMs: number;
  /** The resolver (tests pass one that answers like a hostile DNS server). Default: the system's. */
  resolve?: typeof dnsLookup;
}): Promise<{ status: number }> {
  const url = new URL(input.url);
  const refusal = input.allowList.refusalOf(url, { allowInsecure: input.allowInsecure });
  if (refusal) throw new CallbackRefusedError(refusal);
  const host = comparableHost(url);
  // An IP literal never goes through lookup: refusalOf has checked the address itself.
  const lookup = isIP(host) ? undefined : guardedLookup(input.allowList, input.resolve ?? dnsLookup);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
      signal: AbortSignal.timeout(input.timeoutMs),
      agent: false,
      ...(lookup ? { lookup } : {}),
    }, (res: IncomingMessage) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(input.body);
  });
}

/** A lookup that refuses a name unless every address it resolves to passes the allow-list. */
function guardedLookup(list: CallbackAllowList, resolver: typeof dnsLookup): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    resolver(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const answers = addresses as LookupAddress[];
      for (const a of answers) {
        const refusal = list.addressRefusalOf(a.address, hostname);
        if (refusal) return callback(new CallbackRefusedError(refusal), []);
      }
      if (answers.length === 0) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
      if (options.all) callback(null, answers);
      else callback(null, answers[0].address, answers[0].family);
    });
  };
}
