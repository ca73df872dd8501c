import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envNameFor, loadStationConfig } from './loadStationConfig';

const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const noFile = { STATION_CONFIG: join(dir, 'absent.json') };

describe('station configuration', () => {
  it('works offline with no file at all: local store, sync off, simulated pen allowed', () => {
    const { config, file: used } = loadStationConfig({ env: { ...noFile, HOME: dir } });
    expect(used).toBeUndefined();
    expect(config.sync.enabled).toBe(false);
    expect(config.keys.provider).toBe('local');
    expect(config.storage.dir).toContain('signing-station');
  });

  it('names environment variables after section and key', () => {
    expect(envNameFor('storage', 'dir')).toBe('STATION_STORAGE_DIR');
    expect(envNameFor('sync', 's3Endpoint')).toBe('STATION_SYNC_S3_ENDPOINT');
    expect(envNameFor('api', 'maxBodyBytes')).toBe('STATION_API_MAX_BODY_BYTES');
  });

  it('lets the environment win over the file, with types coerced', () => {
    const path = file('env-wins.json', { web: { port: 9000 }, sync: { s3Endpoint: 'http://file' } });
    const { config, overriddenBy } = loadStationConfig({ file: path, env: { STATION_SYNC_S3_ENDPOINT: 'http://env', STATION_WEB_PORT: '9100', STATION_PEN_SIMULATE: 'true' } });
    expect(config.sync.s3Endpoint).toBe('http://env');
    expect(config.web.port).toBe(9100);
    expect(config.pen.simulate).toBe(true);
    expect(overriddenBy.sort()).toEqual(['STATION_PEN_SIMULATE', 'STATION_SYNC_S3_ENDPOINT', 'STATION_WEB_PORT']);
  });

  it('refuses a bad value with one message naming the field and the file', () => {
    const path = file('bad-port.json', { web: { port: 'eighty' } });
    expect(() => loadStationConfig({ file: path, env: {} })).toThrow(/web\.port \(in .*bad-port\.json\)/);
  });

  it('refuses unknown keys and unknown STATION_ variables instead of ignoring a typo', () => {
    expect(() => loadStationConfig({ file: file('typo.json', { sync: { s3Endpiont: 'x' } }), env: {} })).toThrow(/sync.*s3Endpiont/);
    expect(() => loadStationConfig({ env: { ...noFile, STATION_SYNC_ENDPIONT: 'x' } })).toThrow(/STATION_SYNC_ENDPIONT: no such setting/);
  });

  it('lets STATION_SHARED_DATA pass: it moves the test data, it is not a station setting', () => {
    const { config, overriddenBy } = loadStationConfig({ env: { ...noFile, HOME: dir, STATION_SHARED_DATA: dir } });
    expect(overriddenBy).toEqual([]);
    expect(config).toEqual(loadStationConfig({ env: { ...noFile, HOME: dir } }).config);
  });

  it('names the variable when an environment value is wrong', () => {
    expect(() => loadStationConfig({ env: { ...noFile, STATION_WEB_PORT: 'abc' } })).toThrow(/STATION_WEB_PORT: expected a number/);
    expect(() => loadStationConfig({ env: { ...noFile, STATION_WEB_PORT: '70000' } })).toThrow(/web\.port \(from STATION_WEB_PORT\)/);
  });

  it('does not start half-configured: sync without a bucket, SFTP without a pinned host key', () => {
    expect(() => loadStationConfig({ env: { ...noFile, STATION_SYNC_ENABLED: '1' } })).toThrow(/sync\.s3Bucket: required/);
    expect(() => loadStationConfig({ file: file('sftp.json', { sftp: { enabled: true, host: 'h', username: 'u', password: 'p' } }), env: {} })).toThrow(/hostKeySha256/);
  });

  it('reports malformed JSON and a missing explicit file clearly', () => {
    expect(() => loadStationConfig({ file: file('broken.json', '{ "web": '), env: {} })).toThrow(ConfigError);
    expect(() => loadStationConfig({ file: join(dir, 'nope.json'), env: {} })).toThrow(/config file not found/);
  });
});
