import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountSmallDisk } from '../../test/support/smallDisk';
import { openLocalVault } from '../../test/support/vaultFixtures';
import { openAuditReserve, reserveBytes } from './auditReserveJournal';

/**
 * The reserve needs no new blocks once made: on a real, completely full tmpfs and ext4 (loop
 * device, no root-reserved blocks) a new file cannot get 64 KiB, yet the reserve takes records
 * until its own 1 MiB is used up, and gives every one of them back.
 */
const quiet = { info() {}, warn() {} };

describe.each(['tmpfs', 'ext4'] as const)('the audit reserve on a full %s', (fs) => {
  const { disk, skipReason } = mountSmallDisk(24, fs);
  if (skipReason) console.warn(`auditReserveJournal.int.test: ${skipReason}`);

  it.skipIf(!disk)('takes records into its preallocated space when nothing else can be written', async () => {
    try {
      const { vault } = await openLocalVault(join(disk!.dir, 'v'));
      const reserve = openAuditReserve(vault, { log: quiet })!;
      disk!.fill();
      expect(() => writeFileSync(join(disk!.dir, 'probe'), Buffer.alloc(64 * 1024))).toThrow(/ENOSPC/);
      let written = 0;
      while (reserve.append({ actor: 'anna', action: `held.${written}`, from: 'desk', subject: 'Zqxw Full', details: { pad: 'y'.repeat(200) } }, new Date().toISOString())) written++;
      const entries = reserve.read().entries;
      expect(entries.map((e) => e.entry.action)).toEqual(Array.from({ length: written }, (_, i) => `held.${i}`));
      // Records of about 380 bytes: the whole megabyte was usable.
      expect(written).toBeGreaterThan(reserveBytes / 400);
      reserve.close();
      vault.close();
    } finally {
      disk!.unmount();
    }
  });
});
