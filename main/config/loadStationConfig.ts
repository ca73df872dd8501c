import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stationConfigSchema, type StationConfig } from './stationConfigSchema';
import { sharedDataVariable } from './sharedData';

/** A configuration that cannot be used: one message naming the field, and the station does not start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const envPrefix = 'STATION_';

/** storage.dir → STATION_STORAGE_DIR; sync.s3Endpoint → STATION_SYNC_S3_ENDPOINT. */
export function envNameFor(section: string, key: string): string {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2');
  return `${envPrefix}${section.toUpperCase()}_${snake.toUpperCase()}`;
}

/** The default config file: $STATION_CONFIG, else the platform's per-user config folder. */
function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STATION_CONFIG) return resolve(env.STATION_CONFIG);
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'SigningStation', 'station.json');
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'signing-station', 'station.json');
}

/** Where the vault, logs and keys live when storage.dir is empty. */
function defaultStorageDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'SigningStation');
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'signing-station');
}

function coerceEnvValue(raw: string, defaultValue: unknown, name: string): unknown {
  if (typeof defaultValue === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off|)$/i.test(raw)) return false;
    throw new ConfigError(`${name}: expected true or false, got '${raw}'`);
  }
  if (typeof defaultValue === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`${name}: expected a number, got '${raw}'`);
    return n;
  }
  return raw;
}

export interface LoadedConfig {
  config: StationConfig;
  /** The file that was read, or undefined when none exists (all defaults). */
  file: string | undefined;
  /** Environment variables that overrode a setting, by name (values are not kept: they may be secrets). */
  overriddenBy: string[];
}

/**
 * Reads the config file (if any), applies STATION_* environment overrides and validates the whole.
 * Unknown keys and unknown STATION_* variables are errors: a typo must not silently fall back to a default.
 */
export function loadStationConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = options.file ? resolve(options.file) : defaultConfigPath(env);
  let raw: Record<string, Record<string, unknown>> = {};
  let fileUsed: string | undefined;
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object`);
    fileUsed = file;
  } else if (options.file) {
    throw new ConfigError(`config file not found: ${file}`);
  }

  const defaults = stationConfigSchema.parse({}) as unknown as Record<string, Record<string, unknown>>;
  const known = new Map<string, [string, string]>();
  for (const [section, keys] of Object.entries(defaults)) {
    for (const key of Object.keys(keys)) known.set(envNameFor(section, key), [section, key]);
  }
  const overriddenBy: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || value === undefined) continue;
    if (name === 'STATION_CONFIG' || name === 'STATION_DEBUG' || name === sharedDataVariable || name.startsWith('STATION_TEST_')) continue;
    const target = known.get(name);
    if (!target) throw new ConfigError(`${name}: no such setting (see \`station config check --list\`)`);
    const [section, key] = target;
    const sectionValue = (raw[section] ??= {});
    if (typeof sectionValue !== 'object' || sectionValue === null) throw new ConfigError(`${section}: expected an object`);
    sectionValue[key] = coerceEnvValue(value, defaults[section][key], name);
    overriddenBy.push(name);
  }

  const parsed = stationConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.');
    const where = path ? `${path}` : '(top level)';
    const source = issue.path.length === 2 && overriddenBy.includes(envNameFor(String(issue.path[0]), String(issue.path[1])))
      ? ` (from ${envNameFor(String(issue.path[0]), String(issue.path[1]))})`
      : fileUsed ? ` (in ${fileUsed})` : '';
    const keys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
    throw new ConfigError(`${where}${source}: ${issue.message}${keys}`);
  }
  const config = parsed.data;
  if (!config.storage.dir) config.storage.dir = defaultStorageDir(env);
  config.storage.dir = resolve(config.storage.dir);
  checkConsistency(config);
  return { config, file: fileUsed, overriddenBy };
}

/** Rules that span fields: a half-configured feature is refused rather than started. */
function checkConsistency(config: StationConfig): void {
  if (config.sync.enabled && !config.sync.s3Bucket) throw new ConfigError('sync.s3Bucket: required when sync.enabled is true');
  if (config.keys.provider === 'aws-kms' && !config.keys.kmsKeyId) throw new ConfigError('keys.kmsKeyId: required when keys.provider is aws-kms');
  if (config.sftp.enabled) {
    if (!config.sftp.host) throw new ConfigError('sftp.host: required when sftp.enabled is true');
    if (!config.sftp.username) throw new ConfigError('sftp.username: required when sftp.enabled is true');
    if (!config.sftp.hostKeySha256) throw new ConfigError('sftp.hostKeySha256: required when sftp.enabled is true (the server key must be pinned)');
    if (!config.sftp.privateKeyFile && !config.sftp.password) throw new ConfigError('sftp.privateKeyFile: a key file or sftp.password is required when sftp.enabled is true');
  }
  if (Boolean(config.api.tlsCert) !== Boolean(config.api.tlsKey)) throw new ConfigError('api.tlsKey: api.tlsCert and api.tlsKey go together');
}

/** All settings with their environment variable names, for `station config check --list`. */
export function listSettings(): { setting: string; env: string; default: unknown }[] {
  const defaults = stationConfigSchema.parse({}) as unknown as Record<string, Record<string, unknown>>;
  return Object.entries(defaults).flatMap(([section, keys]) =>
    Object.entries(keys).map(([key, value]) => ({ setting: `${section}.${key}`, env: envNameFor(section, key), default: value })),
  );
}
