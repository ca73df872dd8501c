import type { CliCommand } from '../cliCommand';
import { stationCommands } from './station';
import { hidCommands } from './hid';
import { documentCommands } from './doc';
import { vaultCommands } from './vault';
import { integrationCommands } from './integrations';
import { privacyCommands } from './privacy';
import { signatureCommands } from './sig';
import { archiveCommands } from './archive';
import { registerVaultEnqueuer } from '../../station/vaultEnqueuer';

// `doc sign --enqueue` hands its result to the vault's queue (the documents area does not import the vault).
registerVaultEnqueuer();

/** Every command, one list per feature area (each area owns its own file). */
export function allCommands(): CliCommand[] {
  return [
    ...stationCommands,
    ...hidCommands,
    ...documentCommands,
    ...vaultCommands,
    ...integrationCommands,
    ...privacyCommands,
    ...signatureCommands,
    ...archiveCommands,
  ];
}
