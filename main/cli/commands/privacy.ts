import type { CliCommand } from '../cliCommand';

export const privacyCommands: CliCommand[] = [];
