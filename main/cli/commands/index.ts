import type { CliCommand } from '../cliCommand';
import { stationCommands } from './station';
import { hidCommands } from './hid';
import { documentCommands } from './doc';
import { vaultCommands } from './vault';
import { integrationCommands } from './integrations';
import { privacyCommands } from './privacy';
import { signatureCommands } from './sig';
import { archiveCommands } from './archive';
import { enqueueInStationVault } from '../../station/vaultEnqueuer';

/**
 * Every `station` command, one list per feature area (each area owns its own file). Built on
 * each call, wired here and nowhere else: `doc sign --enqueue` hands its result to the vault's
 * queue (the documents area does not import the vault).
 */
export function stationCliCommands(): CliCommand[] {
  return [
    ...stationCommands,
    ...hidCommands,
    ...documentCommands({ enqueue: enqueueInStationVault }),
    ...vaultCommands,
    ...integrationCommands,
    ...privacyCommands,
    ...signatureCommands,
    ...archiveCommands,
  ];
}
