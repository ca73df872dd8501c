import type { CliCommand } from '../cliCommand';

export const hidCommands: CliCommand[] = [];
