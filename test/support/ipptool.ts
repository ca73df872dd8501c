import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** CUPS' ipptool (Debian cups-ipp-utils): the real IPP client the printer tests run against. */
export const ipptoolDir = '/usr/share/cups/ipptool';
export const haveIpptool = existsSync('/usr/bin/ipptool') && existsSync(`${ipptoolDir}/ipp-1.1.test`);

const run = promisify(execFile);

/** Runs ipptool (30 s per request) in `cwd`; returns its exit code and output (stdout, then stderr on failure). */
export async function runIpptool(cwd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('ipptool', ['-T', '30', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** An ipptool test of one request: its required operation attributes, then `lines` (ATTR, GROUP, FILE, STATUS, EXPECT …). */
export function ipptoolRequest(name: string, operation: string, lines: string[]): string {
  const head = [
    'GROUP operation-attributes-tag',
    'ATTR charset attributes-charset utf-8',
    'ATTR naturalLanguage attributes-natural-language en',
    'ATTR uri printer-uri $uri',
  ];
  return `{\n  NAME "${name}"\n  OPERATION ${operation}\n${[...head, ...lines].map((l) => `  ${l}\n`).join('')}}\n`;
}
