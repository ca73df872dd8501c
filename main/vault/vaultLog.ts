/** Structured logging; fields carry ids and counts only (compatible with main/logging's Logger). */
export interface VaultLog {
  info(message: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
  warn(message: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
  error(message: string, fields?: Record<string, string | number | boolean | null | undefined>): void;
}

/** A log that drops everything (tests, tools). */
export const quietLog: VaultLog = { info() {}, warn() {}, error() {} };
