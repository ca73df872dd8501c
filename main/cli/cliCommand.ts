/**
 * A `station` sub-command. Each feature area declares its commands in its own file under
 * `commands/`; `commands/index.ts` only lists those files, so adding a command never touches
 * another area's code.
 */
export interface CliCommand {
  /** Words that select the command, e.g. ['hid', 'describe']. */
  path: string[];
  /** One line for `station --help`. */
  summary: string;
  /** Argument synopsis shown by `station <path> --help`, e.g. '<descriptor.bin> [--json]'. */
  usage?: string;
  /** Runs the command. Returns the process exit code. Throw CliError for a clean one-line failure. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A refusal the user can act on: printed as one line, no stack trace, exit code 1 (or given). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
