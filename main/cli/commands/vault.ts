import type { CliCommand } from '../cliCommand';

export const vaultCommands: CliCommand[] = [];
