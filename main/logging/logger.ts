import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields: ids, counts, codes. Never names, document text or samples (see redact). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(component: string): Logger;
}

/** The part of a Logger that a service writes to (no debug, no children): tests pass a collector. */
export type LogWriter = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * Field names that would carry personal data or document content. A caller that passes one gets
 * "[redacted]" in the file: logs are read by support staff and leave the branch, so they must
 * never hold what the vault encrypts. The rule is by name, so it also catches future mistakes.
 */
const personalFieldPattern = /name|user|owner|signer|subject|email|phone|address|pdf|document(text|bytes)|sample|ink|stroke|password|pin|token|secret|key$|identification|digits/i;

export function redact(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  // A yes/no says nothing about a person (switchedUser: true), so it stays readable.
  for (const [k, v] of Object.entries(fields)) out[k] = personalFieldPattern.test(k) && typeof v !== 'boolean' && !/id$|count$|Id$|Count$/.test(k) ? '[redacted]' : v;
  return out;
}

export interface FileLoggerOptions {
  file: string;
  level: LogLevel;
  maxFileBytes: number;
  maxFiles: number;
  /** Also write warnings and errors to stderr (CLI, `station serve`). */
  echo?: boolean;
}

/** A JSON-lines log that rotates file.log → file.log.1 → … when it grows past maxFileBytes. */
export function createFileLogger(options: FileLoggerOptions, component = 'station'): Logger {
  mkdirSync(dirname(options.file), { recursive: true });
  let size = existsSync(options.file) ? statSync(options.file).size : 0;

  const rotate = () => {
    for (let i = options.maxFiles - 1; i >= 1; i--) {
      const from = i === 1 ? options.file : `${options.file}.${i - 1}`;
      const to = `${options.file}.${i}`;
      if (existsSync(from)) {
        if (existsSync(to)) unlinkSync(to);
        renameSync(from, to);
      }
    }
    if (options.maxFiles === 1 && existsSync(options.file)) unlinkSync(options.file);
    size = 0;
  };

  const write = (level: LogLevel, comp: string, message: string, fields?: LogFields) => {
    if (order[level] < order[options.level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, component: comp, message, ...redact(fields) }) + '\n';
    try {
      if (size + line.length > options.maxFileBytes && size > 0) rotate();
      appendFileSync(options.file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A full disk must not stop a signing: logging is best effort.
    }
    if (options.echo && order[level] >= order.warn) process.stderr.write(`[${level}] ${comp}: ${message}\n`);
  };

  const make = (comp: string): Logger => ({
    debug: (m, f) => write('debug', comp, m, f),
    info: (m, f) => write('info', comp, m, f),
    warn: (m, f) => write('warn', comp, m, f),
    error: (m, f) => write('error', comp, m, f),
    child: (c) => make(`${comp}.${c}`),
  });
  return make(component);
}

/** A logger that drops everything: for pure unit tests that do not look at logs. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
