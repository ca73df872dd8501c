import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../main';
import { describeReportDescriptor } from '../../../native/hid/descriptor/describeReportDescriptor';
import { parseHidRecording } from '../../../native/transport/hidRecording';
import { decodeRecording } from '../../../native/transport/recordingDecoder';
import { profileById } from '../../../native/profiles/penProfileRegistry';

async function readInput(path: string | undefined, io: CliIo, what: string): Promise<Buffer> {
  if (!path) throw new CliError(`missing ${what}`, 2);
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

const describeCommand: CliCommand = {
  path: ['hid', 'describe'],
  summary: 'Parse a USB HID report descriptor and show its input reports and pen fields',
  usage: '<descriptor.bin> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const bytes = await readInput(positionals[0], io, 'descriptor file (raw bytes, e.g. /sys/class/hidraw/hidraw0/device/report_descriptor)');
    const { warnings, ...description } = describeReportDescriptor(new Uint8Array(bytes));
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    if (values.json) {
      io.stdout(JSON.stringify(description) + '\n');
      return 0;
    }
    io.stdout(`${description.reports.length} input report(s), ${description.pens.length} with a pen\n`);
    for (const r of description.reports) io.stdout(`  report ${r.reportId}: ${r.byteLength} bytes, ${r.fields.length} field(s)\n`);
    for (const p of description.pens) {
      io.stdout(`  pen in report ${p.reportId}:\n`);
      for (const [name, f] of Object.entries(p.fields)) {
        io.stdout(`    ${name.padEnd(9)} bits ${f.bitOffset}+${f.bitSize}  logical ${f.logicalMin}..${f.logicalMax}  physical ${f.physicalMin}..${f.physicalMax}\n`);
      }
    }
    return 0;
  },
};

const decodeCommand: CliCommand = {
  path: ['hid', 'decode'],
  summary: 'Decode a hid-recorder capture into pen samples (one JSON object per line with --json)',
  usage: '--recording <file> [--json] [--profile <id>]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      recording: { type: 'string' },
      json: { type: 'boolean' },
      profile: { type: 'string' },
    });
    const path = values.recording ?? positionals[0];
    const profile = values.profile ?? 'auto';
    if (profile !== 'auto' && !profileById(profile)) throw new CliError(`unknown profile '${profile}'`, 2);
    const text = (await readInput(path, io, '--recording <file> (a hid-recorder capture)')).toString('utf8');
    const recording = parseHidRecording(text);
    for (const p of recording.problems.slice(0, 10)) io.stderr(`warning: line ${p.line}: ${p.message}\n`);
    if (recording.problems.length > 10) io.stderr(`warning: ${recording.problems.length - 10} more damaged lines\n`);
    if (recording.reports.length === 0) throw new CliError(`${path} holds no input reports (E: lines): is it a hid-recorder capture?`);
    const { decoded, skipped } = decodeRecording(recording, profile);
    for (const s of skipped) io.stderr(`warning: ${s.message}\n`);
    if (decoded.length === 0) throw new CliError('no device in the capture can be decoded');
    for (const d of decoded) {
      for (const m of d.errorMessages.slice(0, 5)) io.stderr(`warning: device ${d.device.index}: ${m}\n`);
      if (values.json) {
        for (const s of d.samples) io.stdout(JSON.stringify(s) + '\n');
      } else {
        io.stdout(`device ${d.device.index} ${d.device.name ?? ''} — profile ${d.profile.id}: ${d.stats.reports} reports, ${d.stats.samples} samples, ${d.stats.ignored} ignored, ${Object.values(d.stats.errors).reduce((a, b) => a + b, 0)} errors, ${d.gaps.length} gaps\n`);
      }
      io.stderr(`device ${d.device.index}: profile ${d.profile.id}, ${d.stats.samples} samples from ${d.stats.reports} reports; errors ${JSON.stringify(d.stats.errors)}\n`);
    }
    return 0;
  },
};

export const hidCommands: CliCommand[] = [describeCommand, decodeCommand];
