import type { CliCommand } from '../cliCommand';

export const integrationCommands: CliCommand[] = [];
