import { describe, expect, it } from 'vitest';
import { AllowListError, parseClientAllowList } from './clientAllowList';

describe('client allow list', () => {
  it('allows listed addresses and ranges, loopback always, nothing else', () => {
    const list = parseClientAllowList('192.168.5.0/24, 10.0.0.7, fd00::/8');
    expect(list.restricted).toBe(true);
    for (const ok of ['192.168.5.1', '::ffff:192.168.5.200', '10.0.0.7', 'fd00::1', '127.0.0.1', '::1']) expect(list.allows(ok), ok).toBe(true);
    for (const no of ['192.168.6.1', '10.0.0.8', 'fe80::1', undefined]) expect(list.allows(no), String(no)).toBe(false);
  });

  it('allows everyone when empty, and refuses entries that are not addresses', () => {
    expect(parseClientAllowList(' ').allows('203.0.113.9')).toBe(true);
    expect(() => parseClientAllowList('192.168.1.0/33')).toThrow(AllowListError);
    expect(() => parseClientAllowList('printer.local')).toThrow(AllowListError);
  });
});
