import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { compareWithReferences, enrolSignatures, signatureFeatures } from '../../forensics/signatureComparison';
import { readSignatureFile, SIGNATURE_FILE_FORMATS, type SignatureFile, type SignatureFileFormat } from '../../forensics/signatureFile';
import { buildExaminerReport } from '../../forensics/examinerReport';
import { renderExaminerReportHtml } from '../../forensics/examinerReportHtml';
import { MAX_REFERENCES, MIN_REFERENCES } from '../../forensics/writerEnrolment';

/**
 * `station sig …`: forensic signature comparison for examiners.
 *
 * File lists follow their flag (`--enrol a b c --test x y`); repeating the flag works too.
 * parseArgs cannot take several values per flag, hence the small parser below.
 */
function parseFileLists(args: string[], listFlags: readonly string[], valueFlags: readonly string[]): { lists: Record<string, string[]>; values: Record<string, string> } {
  const lists: Record<string, string[]> = Object.fromEntries(listFlags.map((f) => [f, []]));
  const values: Record<string, string> = {};
  let current: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (listFlags.includes(flag)) {
        current = flag;
        if (inline !== undefined) lists[flag]!.push(inline);
      } else if (valueFlags.includes(flag)) {
        const value = inline ?? args[++i];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new CliError(`--${flag} needs a value`, 2);
        values[flag] = value;
        current = undefined;
      } else {
        throw new CliError(`unknown option '${arg}'`, 2);
      }
    } else if (current) {
      lists[current]!.push(arg);
    } else {
      throw new CliError(`unexpected argument '${arg}': files go after --${listFlags.join(' or --')}`, 2);
    }
  }
  return { lists, values };
}

function formatOption(value: string | undefined): SignatureFileFormat | undefined {
  if (value === undefined || value === 'auto') return undefined;
  if (!(SIGNATURE_FILE_FORMATS as readonly string[]).includes(value)) {
    throw new CliError(`unknown --format '${value}' (use ${SIGNATURE_FILE_FORMATS.join(', ')} or auto)`, 2);
  }
  return value as SignatureFileFormat;
}

async function readAll(paths: string[], io: CliIo, format: SignatureFileFormat | undefined): Promise<SignatureFile[]> {
  const files: SignatureFile[] = [];
  for (const path of paths) files.push(await readOne(path, io, format));
  return files;
}

async function readOne(path: string, io: CliIo, format: SignatureFileFormat | undefined): Promise<SignatureFile> {
  try {
    const file = await readSignatureFile(path, resolve(io.cwd, path), format);
    signatureFeatures(file.record); // refuse unusable signatures (a dot, a slip) at the door
    return file;
  } catch (err) {
    const message = (err as Error).message;
    throw new CliError(message.includes(path) ? message : `${path}: ${message}`);
  }
}

function checkEnrolmentCount(count: number): void {
  if (count < MIN_REFERENCES || count > MAX_REFERENCES) {
    throw new CliError(`--enrol needs ${MIN_REFERENCES}–${MAX_REFERENCES} reference signatures (3–10 recommended), got ${count}`, 2);
  }
}

const scoreCommand: CliCommand = {
  path: ['sig', 'score'],
  summary: 'Score questioned signatures against a writer\'s references: prints "<path>\\t<score>" per --test, higher = more likely genuine',
  usage: '--enrol <file>… --test <file>… [--format svc2004|iso19794-7|samples-json|auto]',
  async run(args, io) {
    const { lists, values } = parseFileLists(args, ['enrol', 'test'], ['format']);
    const format = formatOption(values.format);
    checkEnrolmentCount(lists.enrol!.length);
    if (lists.test!.length === 0) throw new CliError('give at least one --test <file>', 2);
    const references = await readAll(lists.enrol!, io, format);
    const writer = refuseOnRangeError(() => enrolSignatures(references.map((f) => f.record)));
    // Every --test gets its line, in order, even when one is unreadable: other tools read this output.
    let failed = 0;
    for (const path of lists.test!) {
      try {
        const file = await readOne(path, io, format);
        const verdict = compareWithReferences(writer, file.record);
        io.stdout(`${path}\t${verdict.score.toFixed(4)}\n`);
        if (verdict.copyOfReference !== undefined) {
          io.stderr(`station sig score: warning: ${path} is an exact copy of reference ${lists.enrol![verdict.copyOfReference]} (a replay, not a new signature)\n`);
        }
      } catch (err) {
        failed++;
        io.stdout(`${path}\tNaN\n`);
        io.stderr(`station sig score: ${(err as Error).message}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

const reportCommand: CliCommand = {
  path: ['sig', 'report'],
  summary: 'Examiner\'s report (PDF and HTML): questioned signature against references, aligned overlay, profiles, calibrated score, provenance',
  usage: '--enrol <file>… --questioned <file> --out <report.pdf> [--html <report.html>] [--document <signed.pdf>] [--format svc2004|iso19794-7|samples-json|auto]',
  async run(args, io) {
    const { lists, values } = parseFileLists(args, ['enrol', 'questioned'], ['out', 'html', 'document', 'format']);
    const format = formatOption(values.format);
    checkEnrolmentCount(lists.enrol!.length);
    if (lists.questioned!.length !== 1) throw new CliError('give exactly one --questioned <file>', 2);
    if (!values.out) throw new CliError('give --out <report.pdf>', 2);
    const outPdf = resolve(io.cwd, values.out);
    const outHtml = resolve(io.cwd, values.html ?? values.out.replace(/\.pdf$/i, '') + '.html');
    const references = await readAll(lists.enrol!, io, format);
    const questioned = await readOne(lists.questioned![0]!, io, format);
    let documentSha256: string | undefined;
    if (values.document) {
      try {
        documentSha256 = createHash('sha256').update(await readFile(resolve(io.cwd, values.document))).digest('hex');
      } catch (err) {
        throw new CliError(`cannot read --document ${values.document}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const report = refuseOnRangeError(() => buildExaminerReport({
      references: references.map((f) => ({ name: f.path, sha256: f.sha256, format: f.format, record: f.record, binding: f.binding })),
      questioned: { name: questioned.path, sha256: questioned.sha256, format: questioned.format, record: questioned.record, binding: questioned.binding },
      documentSha256,
      documentName: values.document,
      generatedAt: new Date().toISOString(),
    }));
    await writeAtomically(outHtml, renderExaminerReportHtml(report));
    const { renderExaminerReportPdf } = await import('../../forensics/examinerReportPdf');
    await writeAtomically(outPdf, await renderExaminerReportPdf(report));
    if (report.verdict.copyOfReference !== undefined) {
      io.stderr(`station sig report: warning: the questioned signature is an exact copy of reference ${report.verdict.copyOfReference + 1} (a replay, not a new signature)\n`);
    }
    io.stdout(`${values.out}\n${values.html ?? relative(io.cwd, outHtml)}\nscore ${report.verdict.score.toFixed(4)} (threshold ${report.verdict.threshold.toFixed(4)}): ${report.verdict.consistent ? 'consistent with the references' : 'not consistent with the references'}\n`);
    return 0;
  },
};

/** Enrolment refusals (duplicate references, too few) become one clear line. */
function refuseOnRangeError<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(`--enrol: ${err.message}`);
    throw err;
  }
}

/** Write to a temporary name and rename, so a half-written report never lies on disk. */
async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

export const signatureCommands: CliCommand[] = [scoreCommand, reportCommand];
