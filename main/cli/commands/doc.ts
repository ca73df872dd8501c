import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../parseCommandArgs';
import { loadStationConfig, ConfigError } from '../../config/loadStationConfig';
import { isPdfRejectedError } from '../../documents/pdfRejectedError';
import type { SignPdfInput } from '../../documents/signPdf';
import type { PadesLevel } from '../../documents/extendPdf';
import type { VerifyReport } from '../../documents/verifyPdf';
import { readSignatureInput, SignatureInputError } from '../../documents/signatureInput';
import type { SignedDocumentEnqueuer } from '../../documents/signedDocumentQueue';
import type { SignaturePlacement } from '../../documents/signaturePlacement';
import { isDiskFull, noSpaceCliError } from '../noSpace';

/** Commands of the documents area: `doc inspect|sign|verify` and the examiner's `bio extract`. */

const documentsLibrary = () => import('./docLibrary');

function loadConfig(io: CliIo) {
  try {
    return loadStationConfig({ env: io.env }).config;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`configuration: ${err.message}`);
    throw err;
  }
}

async function readInput(path: string, cwd: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(resolve(cwd, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message}`);
  }
}

/** Writes next to the target and renames, so a failure never leaves a partial output file. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.partial-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    if (isDiskFull(err)) throw noSpaceCliError(err, dirname(path), `${basename(path)} was not written (no partial file is left)`, Buffer.byteLength(data) * 2);
    throw new CliError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function refusal(err: unknown): Promise<never> {
  const { EscrowError, ExtendError, RevocationFetchError, TimestampError } = await documentsLibrary();
  if (isPdfRejectedError(err)) throw new CliError(`refused (${err.code}): ${err.message}`);
  if (err instanceof SignatureInputError || err instanceof EscrowError || err instanceof ExtendError) throw new CliError(err.message);
  if (err instanceof RevocationFetchError || err instanceof TimestampError) throw new CliError(`validation data: ${err.message}`);
  throw err;
}

function parsePlacement(values: { field?: string; anchor?: string; page?: string; rect?: string }): SignaturePlacement | undefined {
  const given = [values.field, values.anchor, values.rect].filter((v) => v !== undefined).length;
  if (given > 1) throw new CliError('give only one of --field, --anchor, --rect', 2);
  if (values.field !== undefined) return { field: values.field };
  if (values.anchor !== undefined) return { anchor: values.anchor };
  if (values.rect !== undefined) {
    const r = values.rect.split(',').map(Number);
    if (r.length !== 4 || r.some((n) => !Number.isFinite(n))) throw new CliError('--rect expects x1,y1,x2,y2 in PDF points', 2);
    const page = values.page === undefined ? 1 : Number(values.page);
    if (!Number.isInteger(page) || page < 1) throw new CliError('--page expects a page number from 1', 2);
    return { page: page - 1, rect: r as [number, number, number, number] };
  }
  if (values.page !== undefined) throw new CliError('--page goes with --rect', 2);
  return undefined;
}

const docInspect: CliCommand = {
  path: ['doc', 'inspect'],
  summary: 'Show pages, signature fields, existing signatures, certification level and PDF/A claim of a PDF',
  usage: '<file.pdf> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('expected one PDF file', 2);
    const config = loadConfig(io);
    const bytes = await readInput(positionals[0], io.cwd, 'the PDF');
    const { inspectPdf } = await documentsLibrary();
    const info = await inspectPdf(bytes, { maxBytes: config.documents.maxBytes }).catch(refusal);
    if (values.json) {
      io.stdout(JSON.stringify(info, null, 2) + '\n');
      return 0;
    }
    io.stdout(`${positionals[0]}: PDF ${info.version}, ${info.pageCount} page(s)${info.title ? `, “${info.title}”` : ''}\n`);
    if (info.pdfaClaim) io.stdout(`  claims PDF/A-${info.pdfaClaim}\n`);
    if (info.docMdpLevel) io.stdout(`  certified: DocMDP P=${info.docMdpLevel}${info.docMdpLevel === 1 ? ' (no changes allowed: cannot be signed)' : ''}\n`);
    for (const f of info.signatureFields) {
      io.stdout(`  field '${f.name}': page ${f.page + 1}, ${f.filled ? 'signed' : 'empty'}${f.visible ? '' : ', invisible'}\n`);
    }
    return 0;
  },
};

const docSign = (enqueue: SignedDocumentEnqueuer | undefined): CliCommand => ({
  path: ['doc', 'sign'],
  summary: 'Sign a PDF headlessly: ink + sealed biometrics + PAdES seal (same pipeline as the station)',
  usage: '--in <a.pdf> --signature <svc2004.TXT|iso19794-7|samples.json> --signer <name> --out <b.pdf> [--place <text>] [--field <name> | --anchor <text> | --rect x1,y1,x2,y2 [--page n]] [--tsa <url>] [--level B-B|B-T|B-LT|B-LTA] [--json] [--enqueue]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      in: { type: 'string' }, signature: { type: 'string' }, signer: { type: 'string' }, out: { type: 'string' },
      place: { type: 'string' }, field: { type: 'string' }, anchor: { type: 'string' }, rect: { type: 'string' }, page: { type: 'string' },
      tsa: { type: 'string' }, level: { type: 'string' }, json: { type: 'boolean' }, enqueue: { type: 'boolean' },
    }, false);
    for (const k of ['in', 'signature', 'signer'] as const) if (!values[k]) throw new CliError(`--${k} is required`, 2);
    if (!values.out && !values.enqueue) throw new CliError('--out is required (or --enqueue)', 2);
    const signer = values.signer!.trim();
    if (!signer || signer.length > 200) throw new CliError('--signer must be a name of 1 to 200 characters', 2);
    const placement = parsePlacement(values);
    const config = loadConfig(io);
    const pdf = await readInput(values.in!, io.cwd, 'the PDF');
    const record = await readSignatureInput(resolve(io.cwd, values.signature!)).catch(refusal);
    const { loadStationSealingCredentials, effectiveLevel, signPdfAtLevel, padesLevels } = await documentsLibrary();
    let creds;
    try {
      creds = loadStationSealingCredentials(config);
    } catch (err) {
      if (isDiskFull(err)) throw noSpaceCliError(err, config.storage.dir, 'nothing was signed or queued');
      throw new CliError(`sealing credentials: ${(err as Error).message}`);
    }
    const input: SignPdfInput = {
      pdf, record, signer: { name: signer }, place: values.place ?? (config.station.place || undefined), placement,
      anchorText: config.documents.anchorText || undefined, sealer: creds.sealer, escrowPublicKeyPem: creds.escrowPublicKeyPem,
      tsaUrl: values.tsa ?? (config.documents.tsaUrl || undefined), maxBytes: config.documents.maxBytes, fontPath: config.documents.inkFont || undefined,
    };
    const level = parseLevel(values.level, padesLevels) ?? effectiveLevel(config.documents.level, input.tsaUrl);
    const result = await signPdfAtLevel(input, level).catch(refusal);
    if (values.out) await writeAtomically(resolve(io.cwd, values.out), result.pdf);
    let queued: string | undefined;
    if (values.enqueue) {
      if (!enqueue) throw new CliError(`--enqueue: the vault queue is not available in this build${values.out ? ` (the signed PDF was written to ${values.out})` : ''}`);
      try {
        queued = (await enqueue(result, { sourceName: basename(values.in!), signerName: signer }, io.env)).id;
      } catch (err) {
        // One transaction: the document is in the queue whole or not at all (here: not at all).
        if (isDiskFull(err)) throw noSpaceCliError(err, config.storage.dir, `the document was not queued and the queue is unchanged${values.out ? ` (the signed PDF was written to ${values.out}; rerunning signs and queues it anew)` : ''}`);
        throw err;
      }
    }
    for (const n of creds.notices) io.stderr(`note: ${n}\n`);
    if (values.json) {
      const { pdf: _pdf, input: info, ...rest } = result;
      io.stdout(JSON.stringify({ ...rest, out: values.out, queued, pages: info.pageCount }, null, 2) + '\n');
    } else {
      io.stdout(`signed ${values.in} → ${values.out ?? '(queue)'}: field '${result.fieldName}' on page ${result.page + 1}, PAdES ${result.level}${result.steps.length ? ` (${result.steps.join('; ')})` : ''}${result.timestampTime ? ` (time-stamped ${result.timestampTime.toISOString()})` : ''}, sha256 ${result.sha256}${queued ? `, queued as ${queued}` : ''}\n`);
    }
    return 0;
  },
});

function parseLevel(value: string | undefined, padesLevels: readonly PadesLevel[]): PadesLevel | undefined {
  if (value === undefined) return undefined;
  if (!(padesLevels as readonly string[]).includes(value)) throw new CliError(`--level expects one of ${padesLevels.join(', ')}`, 2);
  return value as PadesLevel;
}

function printLongTerm(s: VerifyReport['signatures'][number], io: CliIo) {
  const lt = s.longTerm;
  if (!lt) return;
  const gap = lt.timestampGapSeconds !== undefined ? `, first time-stamp ${lt.timestampGapSeconds} s after the claimed signing time` : '';
  io.stdout(`  level reached: ${lt.levelReached}${lt.archiveTimestamp ? ` (archive time-stamp ${lt.archiveTimestamp})` : ''}${gap}\n`);
  io.stdout(`  revocation data: ${lt.revocationCovered ? `embedded for every certificate at ${lt.validationTime} (${lt.validationTimeFrom})` : lt.revoked ? 'show a certificate REVOKED' : 'incomplete'}\n`);
  for (const p of lt.problems) io.stdout(`  long-term: ${p}\n`);
}

function printReport(file: string, r: VerifyReport, io: CliIo) {
  if (r.error) {
    io.stdout(`${file}: cannot be verified — ${r.error.message}\n`);
    return;
  }
  if (r.signatures.length === 0) io.stdout(`${file}: no signatures\n`);
  r.signatures.forEach((s, i) => {
    io.stdout(`Signature ${i + 1}: field '${s.fieldName}' — ${s.valid ? 'VALID' : 'INVALID'}, ${s.coversWholeDocument ? 'covers the whole document' : `covers the first ${s.signedLength} bytes only (later revisions follow)`}\n`);
    io.stdout(`  type: ${s.subFilter} (${s.level})\n`);
    if (s.certificate) io.stdout(`  certificate: ${s.certificate.subject}; issuer ${s.certificate.selfSigned ? '(self-signed)' : s.certificate.issuer}; valid ${s.certificate.validFrom.slice(0, 10)} to ${s.certificate.validTo.slice(0, 10)}${s.certificate.demo ? ' — DEMO certificate, not for production' : ''}\n`);
    io.stdout(`  time: ${s.timestamp ? `${s.timestamp.time} (RFC 3161 time-stamp${s.timestamp.tsa ? ` by ${s.timestamp.tsa}` : ''}, ${s.timestamp.valid ? 'valid' : 'INVALID'})` : `${s.claimedTime ?? 'unknown'} (claimed by the signer, not time-stamped)`}\n`);
    if (s.biometrics) io.stdout(`  biometric data: sealed for escrow key ${s.biometrics.escrowKeyId?.slice(0, 16)}… (${s.biometrics.keyTransport}); ${s.biometrics.bound ? 'bound to this document and this ink' : 'NOT bound to this document'}\n`);
    // The bank's seal (a staff place with no pen) carries no container: nothing was drawn.
    else io.stdout('  biometric data: none (sealed without ink, e.g. the bank\'s seal)\n');
    printLongTerm(s, io);
    for (const p of [...s.problems, ...(s.biometrics?.problems ?? [])]) io.stdout(`  problem: ${p}\n`);
  });
  if (r.certificationBroken) io.stdout(`problem: ${r.certificationBroken}\n`);
  if (r.unsignedTrailingBytes > 0) {
    io.stdout(r.trailingValidationDataOnly
      ? `${r.unsignedTrailingBytes} bytes after the last signature add only validation data (DSS), which leaves the signed document unchanged\n`
      : `${r.unsignedTrailingBytes} bytes were added after the last signature (not covered by any signature)\n`);
  }
  io.stdout(`Result: ${r.ok ? 'OK — every signature valid and the document unchanged since the last one' : 'NOT OK'}\n`);
}

const docVerify: CliCommand = {
  path: ['doc', 'verify'],
  summary: 'Verify every signature of a PDF (integrity, coverage, certificate, time) and its sealed biometric data',
  usage: '<signed.pdf> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('expected one PDF file', 2);
    const config = loadConfig(io);
    const bytes = await readInput(positionals[0], io.cwd, 'the PDF');
    const { verifyPdf } = await documentsLibrary();
    const report = await verifyPdf(bytes, { maxBytes: config.documents.maxBytes });
    if (values.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else printReport(positionals[0], report, io);
    return report.ok ? 0 : 1;
  },
};

const docExtend: CliCommand = {
  path: ['doc', 'extend'],
  summary: 'Extend a signed PDF (ours or anyone\'s) to PAdES B-T/B-LT/B-LTA: fresh chains, OCSP/CRL and a new archive time-stamp, as incremental updates',
  usage: '<in.pdf> --level B-T|B-LT|B-LTA --out <out.pdf> [--tsa <url>] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { level: { type: 'string' }, tsa: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('expected one signed PDF file', 2);
    if (!values.out) throw new CliError('--out is required', 2);
    const { extendPdf, padesLevels, verifyPdf } = await documentsLibrary();
    const level = parseLevel(values.level ?? 'B-LTA', padesLevels)!;
    const config = loadConfig(io);
    const pdf = await readInput(positionals[0], io.cwd, 'the PDF');
    const result = await extendPdf(pdf, { level, tsaUrl: values.tsa ?? (config.documents.tsaUrl || undefined) }).catch(refusal);
    await writeAtomically(resolve(io.cwd, values.out), result.pdf);
    const report = await verifyPdf(result.pdf, { maxBytes: config.documents.maxBytes });
    const reached = report.signatures.filter((s) => s.subFilter !== 'ETSI.RFC3161').map((s) => ({ field: s.fieldName, level: s.longTerm?.levelReached, problems: s.longTerm?.problems ?? [] }));
    if (values.json) io.stdout(JSON.stringify({ out: values.out, steps: result.steps, signatures: reached, ok: report.ok }, null, 2) + '\n');
    else {
      io.stdout(`extended ${positionals[0]} → ${values.out}\n`);
      for (const step of result.steps) io.stdout(`  added ${step}\n`);
      for (const r of reached) io.stdout(`  signature '${r.field}': ${r.level}${r.problems.length ? ` — ${r.problems.join('; ')}` : ''}\n`);
    }
    return report.ok ? 0 : 1;
  },
};

const bioExtract: CliCommand = {
  path: ['bio', 'extract'],
  summary: 'Examiner: decrypt the sealed biometric data of a signed PDF with the escrow private key',
  usage: '<signed.pdf> --key <escrow-private.pem> [--out-dir <dir>]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { key: { type: 'string' }, 'out-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new CliError('expected one PDF file', 2);
    if (!values.key) throw new CliError('--key <escrow-private.pem> is required', 2);
    const pdf = await readInput(positionals[0], io.cwd, 'the PDF');
    const key = Buffer.from(await readInput(values.key, io.cwd, 'the key')).toString('utf8');
    const { extractBiometrics, verifyPdf } = await documentsLibrary();
    const found = await extractBiometrics(pdf, key).catch(refusal);
    if (found.length === 0) throw new CliError(`${positionals[0]} holds no sealed biometric data`);
    // The examiner must know whether what they extract belongs to this document as signed.
    const report = await verifyPdf(pdf);
    const bindingOf = (field: string) => report.signatures.find((s) => s.fieldName === field)?.biometrics;
    const dir = resolve(io.cwd, values['out-dir'] ?? '.');
    await mkdir(dir, { recursive: true });
    const stem = basename(positionals[0]).replace(/\.pdf$/i, '');
    for (const f of found) {
      const safe = f.fieldName.replace(/[^A-Za-z0-9._-]+/g, '_');
      const samplesPath = join(dir, `${stem}.${safe}.samples.json`);
      await writeAtomically(samplesPath, JSON.stringify({ binding: f.header.binding, record: f.payload.record }, null, 2));
      const binding = bindingOf(f.fieldName);
      io.stdout(`${f.fieldName}: ${binding?.bound ? 'bound to this document and its ink, under a valid seal' : `NOT bound to this document: ${binding?.problems.join('; ') || 'no binding found'}`}\n`);
      io.stdout(`${f.fieldName}: ${f.payload.record.samples.length} samples → ${samplesPath}\n`);
      if (f.payload.iso19794_7) {
        const isoPath = join(dir, `${stem}.${safe}.iso19794-7.bin`);
        await writeAtomically(isoPath, Buffer.from(f.payload.iso19794_7, 'base64'));
        io.stdout(`${f.fieldName}: ISO/IEC 19794-7 record → ${isoPath}\n`);
      } else {
        io.stdout(`${f.fieldName}: no ISO/IEC 19794-7 record in the container${f.payload.iso19794_7Error ? ` (${f.payload.iso19794_7Error})` : ''}\n`);
      }
    }
    for (const s of report.signatures.filter((x) => !x.biometrics)) io.stdout(`${s.fieldName}: no biometric container (sealed without ink, e.g. the bank's seal)\n`);
    return 0;
  },
};

/** The documents area's commands; `enqueue` is the queue `doc sign --enqueue` hands its result to (none: the option is refused). */
export function documentCommands(ports: { enqueue?: SignedDocumentEnqueuer } = {}): CliCommand[] {
  return [docInspect, docSign(ports.enqueue), docVerify, docExtend, bioExtract];
}
