/**
 * The small logging surface the integration services need. The station passes its real logger; tests
 * pass a collector. Fields must never carry document bytes, tokens or biometric data.
 */
export interface IntegrationLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLog: IntegrationLog = { info() {}, warn() {}, error() {} };

/** One line of JSON per entry on stderr: for the CLI and `station serve` until the station's logger is wired. */
export function consoleLog(component: string): IntegrationLog {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(JSON.stringify({ at: new Date().toISOString(), level, component, message, ...fields }) + '\n');
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
