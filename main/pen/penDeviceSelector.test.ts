import { describe, expect, it } from 'vitest';
import type { HidDeviceInfo, HidTransport } from '../../native/transport/hidTransport';
import { candidatesForSignature, rankPenCandidates } from './penDeviceSelector';

const transport: HidTransport = { kind: 'usb-hid', list: async () => [], open: async () => { throw new Error('not opened in these tests'); } };
const stu530: HidDeviceInfo = { id: '/dev/hidraw1', vendorId: 0x056a, productId: 0x00a5, product: 'STU-530', serialNumber: 'A1' };
const stu540: HidDeviceInfo = { id: '/dev/hidraw2', vendorId: 0x056a, productId: 0x00a8, product: 'STU-540', serialNumber: 'B2' };
const unknown: HidDeviceInfo = { id: '/dev/hidraw3', vendorId: 0x1234, productId: 0x9999, product: 'keyboard' };
const prefs = { wantedDevice: '', preferredProfile: 'auto' };

describe('pen device selector', () => {
  it('keeps only devices a profile can drive', () => {
    const ranked = rankPenCandidates([{ transport, devices: [unknown, stu540] }], prefs);
    expect(ranked.map((c) => c.device.id)).toEqual(['/dev/hidraw2']);
    expect(ranked[0].profile.id).toBe('wacom-stu');
  });

  it('takes only the configured vid:pid when one is set', () => {
    const ranked = rankPenCandidates([{ transport, devices: [stu530, stu540] }], { ...prefs, wantedDevice: '056a:00a8' });
    expect(ranked.map((c) => c.device.product)).toEqual(['STU-540']);
  });

  it('puts the pen used last first when it is back, even at another path', () => {
    const back = { ...stu540, id: '/dev/hidraw7' };
    const ranked = rankPenCandidates([{ transport, devices: [stu530, back] }], { ...prefs, lastDevice: stu540 });
    expect(ranked[0].device.id).toBe('/dev/hidraw7');
    // Another serial number of the same model is another pen: no preference.
    const twin = rankPenCandidates([{ transport, devices: [{ ...stu540, serialNumber: 'C3' }] }], { ...prefs, lastDevice: stu540 });
    expect(twin[0].score).toBeLessThan(1000);
  });

  it('continues a signature only on the pen it began on, and names the other pen found instead', () => {
    const ranked = rankPenCandidates([{ transport, devices: [stu530, stu540] }], prefs);
    expect(candidatesForSignature(ranked, undefined).usable).toHaveLength(2);
    const onFirst = candidatesForSignature(ranked, stu530);
    expect(onFirst.usable.map((c) => c.device.product)).toEqual(['STU-530']);
    expect(onFirst.otherPen).toBeUndefined();
    const elsewhere = candidatesForSignature(rankPenCandidates([{ transport, devices: [stu540] }], prefs), stu530);
    expect(elsewhere.usable).toEqual([]);
    expect(elsewhere.otherPen?.device.product).toBe('STU-540');
    expect(candidatesForSignature([], stu530)).toEqual({ usable: [], otherPen: undefined });
  });
});
