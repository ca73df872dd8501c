import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cliCommand';

/**
 * parseArgs with errors turned into CliError, so a mistyped flag is one clear line.
 * Commands use this rather than parsing argv by hand.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), 2);
  }
}
