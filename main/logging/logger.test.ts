import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, redact } from './logger';

describe('station log', () => {
  it('never writes personal fields, whatever a caller passes', () => {
    expect(redact({ signerName: 'Astrid', documentId: 'd1', sampleCount: 12, pdf: 'JVBERi0', password: 'x', requestId: 'r1' })).toEqual({
      signerName: '[redacted]',
      documentId: 'd1',
      sampleCount: 12,
      pdf: '[redacted]',
      password: '[redacted]',
      requestId: 'r1',
    });
    // An IPP job's requesting-user-name, a request's owner: often a person's name.
    expect(redact({ user: 'Astrid Lindqvist', owner: 'Astrid Lindqvist', userCount: 2, switchedUser: true })).toEqual({ user: '[redacted]', owner: '[redacted]', userCount: 2, switchedUser: true });
  });

  it('rotates at the size limit and keeps only maxFiles files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-test-'));
    const file = join(dir, 'station.log');
    const log = createFileLogger({ file, level: 'info', maxFileBytes: 2_000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) log.info('an event that happened', { seq: i, signerName: 'Astrid Lindqvist' });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    const text = readFileSync(file, 'utf8');
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toContain('"seq":199');
    expect(text).not.toContain('Astrid');
  });

  it('drops messages below the configured level', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-test-'));
    const file = join(dir, 'station.log');
    const log = createFileLogger({ file, level: 'warn', maxFileBytes: 10_000, maxFiles: 2 }).child('sync');
    log.info('routine');
    log.warn('S3 unreachable', { attempt: 3 });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', component: 'station.sync', message: 'S3 unreachable', attempt: 3 });
  });
});
