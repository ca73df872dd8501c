import { CliError, type CliCommand, type CliIo } from './cliCommand';
import { stationCliCommands } from './commands/index';
import { isDiskFull, noSpaceCliError, noSpaceExitCode } from './noSpace';
import { dirname } from 'node:path';

function findCommand(argv: string[], commands: CliCommand[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (argv.length >= n && command.path.every((w, i) => argv[i] === w)) {
      if (!best || n > best.command.path.length) best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

function helpText(commands: CliCommand[]): string {
  const rows = commands
    .map((c) => [`station ${c.path.join(' ')}${c.usage ? ' ' + c.usage : ''}`, c.summary] as const)
    .sort((a, b) => a[0].localeCompare(b[0]));
  const width = Math.min(60, Math.max(...rows.map((r) => r[0].length)));
  return [
    'Signing Station — command line (runs under plain Node, no Electron needed)',
    '',
    'Usage: station <command> [options]',
    '',
    ...rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}`),
    '',
    'Every setting can be given as STATION_<SECTION>_<KEY> (e.g. STATION_STORAGE_DIR); see `station config check`.',
  ].join('\n');
}

/**
 * Runs one `station …` command line. The commands are passed in (by default the station's own
 * list, main/cli/commands/index.ts), so this runner imports no command and no command imports it.
 */
export async function runCli(argv: string[], io: CliIo = defaultIo(), commands: CliCommand[] = stationCliCommands()): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(helpText(commands) + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    const prefix = commands.filter((c) => c.path[0] === argv[0]);
    io.stderr(`station: unknown command '${argv.join(' ')}'\n`);
    if (prefix.length) io.stderr(helpText(prefix) + '\n');
    else io.stderr('Run `station --help` for the list of commands.\n');
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.stdout(`station ${found.command.path.join(' ')}${found.command.usage ? ' ' + found.command.usage : ''}\n  ${found.command.summary}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`station ${found.command.path.join(' ')}: ${err.message}\n`);
      return err.exitCode;
    }
    if (isDiskFull(err)) {
      // Any command: the disk is full, not "unexpected" — say where and what to do.
      const e = err as { folder?: string; path?: string };
      io.stderr(`station ${found.command.path.join(' ')}: ${noSpaceCliError(err, e.folder ?? (e.path ? dirname(e.path) : io.env.STATION_STORAGE_DIR || io.cwd)).message}\n`);
      return noSpaceExitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`station ${found.command.path.join(' ')}: unexpected error: ${message}\n`);
    if (io.env.STATION_DEBUG) io.stderr(String((err as Error)?.stack) + '\n');
    return 1;
  }
}

function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  };
}
