import { BlockList, isIP } from 'node:net';

/**
 * Which client addresses may use a door that is open beyond loopback (the printer on a hotel's LAN,
 * the API on a branch network): "10.1.2.0/24, 192.168.5.7, fd00::/8". Empty: everyone who can
 * reach the bound address. Loopback is always allowed (the station itself, tests).
 */
export interface ClientAllowList {
  allows(address: string | undefined): boolean;
  readonly restricted: boolean;
}

export class AllowListError extends Error {
  constructor(entry: string) {
    super(`'${entry}' is not an IP address or CIDR range (e.g. 192.168.1.0/24)`);
    this.name = 'AllowListError';
  }
}

export function parseClientAllowList(text: string): ClientAllowList {
  const list = new BlockList();
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new AllowListError(entry);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new AllowListError(entry);
      list.addSubnet(address, bits, type);
    }
  }
  return {
    restricted: entries.length > 0,
    allows(address) {
      if (!entries.length) return true;
      if (!address) return false;
      // IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d.
      const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
      if (plain === '127.0.0.1' || plain === '::1' || plain.startsWith('127.')) return true;
      return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
