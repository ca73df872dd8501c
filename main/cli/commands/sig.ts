import type { CliCommand } from '../cliCommand';

export const signatureCommands: CliCommand[] = [];
