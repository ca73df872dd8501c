import { DiskFullError, diskFullIn, isDiskFull } from '../vault/diskSpace';
import { CliError } from './cliCommand';

/**
 * "No space" has its own exit code, so scripts and the support desk can tell it from a refusal (1),
 * a usage error (2) or a bad configuration (78): 28, which is ENOSPC's number on Linux.
 */
export const noSpaceExitCode = 28;

/** A disk-full failure as one clear CLI line: which folder, free and needed, nothing lost, rerun. */
export function noSpaceCliError(err: unknown, folder: string, whatWasKept = 'nothing was half-written', neededBytes = 2 * 1024 * 1024): CliError {
  const full = err instanceof DiskFullError ? err : diskFullIn(folder, neededBytes);
  return new CliError(full.advice(whatWasKept, 'rerun the same command'), noSpaceExitCode);
}

export { isDiskFull };
