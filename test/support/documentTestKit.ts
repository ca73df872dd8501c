import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationConfigSchema } from '../../main/config/stationConfigSchema';
import type { BiometricRecord } from '../../main/pen/biometricRecord';
import { sharedDataPath } from '../../main/config/sharedData';
import { readSvc2004File } from '../../main/pen/svc2004';
import { loadOrCreateSealingCredentials, type SealingCredentials } from '../../main/documents/sealingCredentials';

/** Shared material of the documents tests: the real corpus, real verifiers (poppler, qpdf), demo credentials. */
export const corpusDir = sharedDataPath('pdf-corpus');
export const svcDir = sharedDataPath('svc2004-task2-dev/Task2');
export const haveCorpus = Boolean(corpusDir && svcDir);
if (!haveCorpus) console.warn('documents tests: skipping real-data tests: ../shared/data/pdf-corpus or svc2004-task2-dev is absent (see ../shared/README.md)');

export function corpusFiles(folder: string): string[] {
  if (!corpusDir) return [];
  return readdirSync(join(corpusDir, folder)).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(corpusDir!, folder, f));
}

export function tempDir(prefix = 'station-docs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let sharedStorage: string | undefined;

/**
 * Demo credentials as the station makes them on first use. Without a directory, one storage folder
 * is shared by the whole test file (making RSA-3072 keys costs seconds on a busy machine).
 */
export function demoCredentials(storageDir?: string): SealingCredentials & { storageDir: string } {
  const dir = storageDir ?? (sharedStorage ??= tempDir());
  return { ...loadOrCreateSealingCredentials(dir, stationConfigSchema.parse({}).documents), storageDir: dir };
}

export async function svcRecord(name = 'U1S1.TXT'): Promise<BiometricRecord> {
  return readSvc2004File(join(svcDir!, name));
}

export interface PdfsigSignature {
  field: string;
  /** Empty for an unsigned signature field. */
  validation: string;
  total: boolean;
}

/** Runs poppler's pdfsig on bytes (written to a temp file) and parses each signature's verdict. */
export function pdfsig(bytes: Uint8Array): PdfsigSignature[] {
  const file = join(tempDir('station-pdfsig-'), 'doc.pdf');
  writeFileSync(file, bytes);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  if (r.error) throw new Error(`pdfsig cannot run (apt package poppler-utils): ${r.error.message}`);
  const blocks = r.stdout.split(/^Signature #\d+:/m).slice(1);
  return blocks.map((b) => ({
    field: /Signature Field Name: (.*)/.exec(b)?.[1]?.trim() ?? '',
    validation: /Signature Validation: (.*)/.exec(b)?.[1]?.trim() ?? '',
    total: /Total document signed/.test(b),
  }));
}

/** `qpdf --check`: exit 0 means no errors or warnings, 3 warnings only, 2 errors. */
export function qpdfCheck(bytes: Uint8Array): { status: number; output: string } {
  const file = join(tempDir('station-qpdf-'), 'doc.pdf');
  writeFileSync(file, bytes);
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`qpdf cannot run (apt package qpdf): ${r.error.message}`);
  return { status: r.status ?? -1, output: r.stdout + r.stderr };
}
