import type { CliCommand } from '../cliCommand';

export const documentCommands: CliCommand[] = [];
