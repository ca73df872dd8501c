import { describe, expect, it } from 'vitest';
import { WacomPenPartnerDecoder } from './wacomPenPartner';

describe('Wacom PenPartner profile', () => {
  it('reads the vendor pen report as the Linux driver does', () => {
    const d = new WacomPenPartnerDecoder();
    // 02 91 9d 04 c6 02 40 00: in range + tip, x 0x049d, y 0x02c6, pressure 0x40 (from the real capture).
    expect(d.decode(new Uint8Array([0x02, 0x91, 0x9d, 0x04, 0xc6, 0x02, 0x40, 0x00]), 578.62)).toMatchObject({
      t: 578.62, x: 1181, y: 710, pressure: 64, tip: true, inRange: true,
    });
    expect(d.decode(new Uint8Array([0x02, 0x90, 0xe0, 0x04, 0x4c, 0x04, 0x00, 0x00]), 600)).toMatchObject({ tip: false, inRange: true });
    expect(d.decode(new Uint8Array([0x63, 0, 0, 0, 0, 0, 0, 0]), 610)).toBeUndefined();
  });

  it('counts truncated, unknown and impossible reports and goes on', () => {
    const kinds: string[] = [];
    const d = new WacomPenPartnerDecoder({}, { events: { onError: (k) => kinds.push(k) } });
    expect(d.decode(new Uint8Array([0x02, 0x91]), 1)).toBeUndefined();
    expect(d.decode(new Uint8Array([0x07, 1, 2, 3, 4, 5, 6, 7]), 2)).toBeUndefined();
    expect(d.decode(new Uint8Array([]), 3)).toBeUndefined();
    expect(d.decode(new Uint8Array([0x02, 0x91, 0xff, 0xff, 0x00, 0x00, 0x10, 0x00]), 4)).toMatchObject({ x: 65535, nx: 1 });
    expect(kinds).toEqual(['truncated', 'unknown-report-id', 'empty', 'out-of-range']);
    expect(d.stats).toMatchObject({ reports: 4, samples: 1, ignored: 0 });
  });
});
