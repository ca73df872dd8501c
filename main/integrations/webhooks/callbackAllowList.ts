import { BlockList, isIP } from 'node:net';
import { nonPublicKindOf } from './nonPublicAddress';

/**
 * Where an integration's webhooks may go: the hosts an administrator listed for it
 * (`station api callback-hosts`). Entries are host names (`erp.bank.example`), host:port
 * (`erp.bank.example:8443`), IP addresses (`10.1.2.3`, `[::1]:8080`) and CIDR ranges
 * (`10.1.2.0/24`). A callback's host must be listed by name or address; and whatever it resolves
 * to must be a public address, or one listed explicitly (an address or a range): loopback,
 * link-local (the cloud metadata endpoint 169.254.169.254), private, unspecified and the other
 * non-public ranges are never reached by accident or by a hostile DNS answer.
 */
export interface CallbackAllowList {
  readonly entries: string[];
  /** Why this URL may not be called (before any name is resolved), or undefined. */
  refusalOf(url: URL, options?: { allowInsecure?: boolean }): string | undefined;
  /** Why a connection to this address (a URL's IP literal or a resolved name) is refused, or undefined. */
  addressRefusalOf(address: string, host: string): string | undefined;
}

export class CallbackAllowListError extends Error {
  constructor(entry: string, why: string) {
    super(`callback host '${entry}': ${why} (use a host name, host:port, an IP address or a CIDR range such as 10.1.2.0/24)`);
    this.name = 'CallbackAllowListError';
  }
}

/** Thrown where a webhook would go somewhere its integration's allow-list does not let it. */
export class CallbackRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackRefusedError';
  }
}

interface HostEntry {
  host: string;
  port?: number;
}

/** A URL's host as compared: lowercase, IDNA, IPv4 in dotted decimal (the URL parser's work), no brackets, no trailing dot. */
export function comparableHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

const effectivePort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

function parseHostEntry(entry: string): HostEntry {
  let withHttps: URL;
  let withHttp: URL;
  try {
    withHttps = new URL(`https://${entry}`);
    withHttp = new URL(`http://${entry}`);
  } catch {
    throw new CallbackAllowListError(entry, 'not a host name or address');
  }
  if (withHttps.username || withHttps.password || withHttps.pathname !== '/' || withHttps.search || withHttps.hash || entry.includes('/')) {
    throw new CallbackAllowListError(entry, 'only a host (and port) is listed, no scheme, path or credentials');
  }
  // The URL parser drops a scheme's default port; reading it under both schemes keeps :443 and :80.
  const port = withHttps.port || withHttp.port;
  return { host: comparableHost(withHttps), ...(port ? { port: Number(port) } : {}) };
}

function singleAddress(address: string): BlockList {
  const l = new BlockList();
  l.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  return l;
}

export function parseCallbackAllowList(entries: readonly string[]): CallbackAllowList {
  const hosts: HostEntry[] = [];
  // Addresses a connection may go to although they are not public (every listed address and range)…
  const addresses = new BlockList();
  // …and those a URL's IP literal may name on any port (ranges and addresses listed without a port).
  const anyPort = new BlockList();
  const cleaned = entries.map((e) => e.trim()).filter(Boolean);
  for (const entry of cleaned) {
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const family = isIP(cidr[1]);
      const bits = Number(cidr[2]);
      if (!family || bits > (family === 6 ? 128 : 32)) throw new CallbackAllowListError(entry, 'not a CIDR range');
      for (const l of [addresses, anyPort]) l.addSubnet(cidr[1], bits, family === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const parsed = parseHostEntry(entry);
    hosts.push(parsed);
    const family = isIP(parsed.host);
    if (family) for (const l of parsed.port === undefined ? [addresses, anyPort] : [addresses]) l.addAddress(parsed.host, family === 6 ? 'ipv6' : 'ipv4');
  }
  const inList = (l: BlockList, address: string) => {
    const family = isIP(address);
    return family !== 0 && l.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  const listedAddress = (address: string) => inList(addresses, address);

  const list: CallbackAllowList = {
    entries: cleaned,
    refusalOf(url, options = {}) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return `callbackUrl must use https, not ${url.protocol}`;
      if (url.username || url.password) return 'callbackUrl must not carry credentials (no user:password@)';
      const host = comparableHost(url);
      if (cleaned.length === 0) return `no callback hosts are allowed for this integration; an administrator lists them with \`station api callback-hosts --integration <name> --set ${host}\``;
      const port = effectivePort(url);
      // An IP literal also matches a listed range, or the same address in another spelling (mapped IPv6).
      const byName = hosts.some((h) => h.host === host && (h.port === undefined || h.port === port))
        || hosts.some((h) => h.port === port && isIP(h.host) && isIP(host) && inList(singleAddress(h.host), host));
      if (!byName && !inList(anyPort, host)) return `${host}${url.port ? `:${url.port}` : ''} is not on this integration's callback hosts (${cleaned.join(', ')})`;
      if (isIP(host)) {
        const refused = list.addressRefusalOf(host, host);
        if (refused) return refused;
      }
      if (url.protocol === 'http:' && !options.allowInsecure && !(isIP(host) && nonPublicKindOf(host) === 'loopback' && listedAddress(host))) {
        return 'callbackUrl must use https (plain http only to a loopback address listed explicitly, or with api.allowInsecureCallbacks)';
      }
      return undefined;
    },
    addressRefusalOf(address, host) {
      const kind = nonPublicKindOf(address);
      if (!kind || listedAddress(address)) return undefined;
      return `${host === address ? address : `${host} resolves to ${address}, which`} is a ${kind} address; webhooks go there only if it is listed explicitly in the integration's callback hosts`;
    },
  };
  return list;
}
