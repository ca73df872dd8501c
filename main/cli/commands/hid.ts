import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../parseCommandArgs';
import { describeReportDescriptor } from '../../../native/hid/descriptor/describeReportDescriptor';
import { parseHidRecording } from '../../../native/transport/hidRecording';
import { decodeRecording } from '../../../native/transport/recordingDecoder';
import { profileById, profileFor } from '../../../native/profiles/penProfileRegistry';
import { WacomStuDecoder } from '../../../native/profiles/wacomStu';
import { parseStuLog, stuLogSessionToReports } from '../../../native/transport/stuLog';
import { formatRecordedReport, formatRecordingHeader } from '../../../native/transport/hidRecording';
import { vidPid, type HidDeviceInfo, type HidTransport } from '../../../native/transport/hidTransport';
import { NodeHidTransport } from '../../pen/nodeHidTransport';
import { createSimulatedPen } from '../../pen/simulatedPenSources';
import { createWriteStream } from 'node:fs';

async function readInput(path: string | undefined, io: CliIo, what: string): Promise<Buffer> {
  if (!path) throw new CliError(`missing ${what}`, 2);
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * The descriptor bytes of a file: raw bytes (sysfs report_descriptor, *.hid.bin), or the R: line of
 * a hid-recorder capture, or plain hex text. hid-decode's text output is refused with a pointer to
 * the .bin beside it, rather than being parsed as bytes.
 */
function descriptorBytes(file: Buffer, name: string): Uint8Array {
  const head = file.subarray(0, 4096).toString('latin1');
  const printable = /^[\x09\x0a\x0d\x20-\x7e]*$/.test(head);
  if (printable && file.length > 0) {
    if (/^\s*(Usage Page|Usage|Collection) \(/m.test(head)) {
      throw new CliError(`${name} is hid-decode text, not a descriptor: pass the raw .hid.bin (or /sys/class/hidraw/hidrawN/device/report_descriptor)`);
    }
    const text = file.toString('latin1');
    const r = /^R:\s*\d+\s+((?:[0-9a-fA-F]{2}\s*)+)$/m.exec(text);
    if (r) return new Uint8Array(r[1].trim().split(/\s+/).map((h) => parseInt(h, 16)));
    if (/^\s*(?:(?:0x)?[0-9a-fA-F]{2}[\s,]*)+$/.test(text)) {
      return new Uint8Array(text.trim().split(/[\s,]+/).map((h) => parseInt(h.replace(/^0x/i, ''), 16)));
    }
  }
  return new Uint8Array(file);
}

const describeCommand: CliCommand = {
  path: ['hid', 'describe'],
  summary: 'Parse a USB HID report descriptor and show its input reports and pen fields',
  usage: '<descriptor.bin> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const bytes = descriptorBytes(await readInput(positionals[0], io, 'descriptor file (raw bytes, e.g. /sys/class/hidraw/hidraw0/device/report_descriptor)'), positionals[0]);
    if (bytes.length === 0) throw new CliError(`${positionals[0]} is empty: the device sent no report descriptor for this interface`);
    const { warnings, ...description } = describeReportDescriptor(bytes);
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

/** Wacom STU SDK logs (Time/seq/x/y/pressure lines), encoded as the pad's 0x34 reports and decoded by the STU profile. */
async function decodeStuLog(path: string, json: boolean, io: CliIo): Promise<number> {
  const sessions = parseStuLog((await readInput(path, io, '--stu-log <file>')).toString('utf8'));
  if (!sessions.length) throw new CliError(`${path} holds no "Time/seq/x/y/pressure" lines: is it a Wacom STU SDK log?`);
  let t0 = 0;
  for (const [i, rows] of sessions.entries()) {
    const decoder = new WacomStuDecoder({ vendorId: 0x056a, productId: 0x00a5 }, {
      events: { onGap: (g) => io.stderr(`session ${i + 1}: ${g.lostReports} report(s) lost between t=${g.fromT} and t=${g.toT} ms\n`) },
    });
    let n = 0;
    for (const r of stuLogSessionToReports(rows)) {
      const s = decoder.decode(r.data, t0 + r.t);
      if (s && json) io.stdout(JSON.stringify({ session: i + 1, ...s }) + '\n');
      if (s) n++;
    }
    t0 += (rows.at(-1)!.timeCount - rows[0].timeCount) + 1000;
    if (!json) io.stdout(`session ${i + 1}: ${n} samples, ${decoder.stats.lostReports} reports lost\n`);
  }
  return 0;
}

const decodeCommand: CliCommand = {
  path: ['hid', 'decode'],
  summary: 'Decode a hid-recorder capture into pen samples (one JSON object per line with --json)',
  usage: '--recording <file> [--json] [--profile <id>]  |  --stu-log <file> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      recording: { type: 'string' },
      'stu-log': { type: 'string' },
      json: { type: 'boolean' },
      profile: { type: 'string' },
    });
    if (values['stu-log']) return decodeStuLog(values['stu-log'], Boolean(values.json), io);
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

async function listOrExplain(transport: HidTransport): Promise<HidDeviceInfo[]> {
  try {
    return await transport.list();
  } catch (err) {
    throw new CliError(`cannot list USB HID devices: ${(err as Error).message} (is the node-hid native module installed for this platform?)`);
  }
}

const listCommand: CliCommand = {
  path: ['hid', 'list'],
  summary: 'List USB HID devices and the pen profile that would drive each',
  usage: '[--json] [--all]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' }, all: { type: 'boolean' } }, false);
    const devices = await listOrExplain(new NodeHidTransport());
    const rows = devices
      .map((d) => ({ id: d.id, vidPid: vidPid(d), product: d.product ?? '', manufacturer: d.manufacturer ?? '', interface: d.interfaceNumber, profile: profileFor(d)?.id ?? null, descriptor: d.reportDescriptor ? d.reportDescriptor.length : null }))
      .filter((r) => values.all || r.profile !== null);
    if (values.json) {
      io.stdout(JSON.stringify(rows) + '\n');
      return 0;
    }
    if (!rows.length) {
      io.stdout(devices.length ? `No pen among ${devices.length} HID device(s) (use --all to see them). The station will use the simulated pen.\n` : 'No HID devices found. The station will use the simulated pen.\n');
      return 0;
    }
    for (const r of rows) io.stdout(`${r.vidPid}  ${(r.product || '?').padEnd(28)} ${r.profile ?? '(no pen profile)'}  ${r.id}\n`);
    return 0;
  },
};

const recordCommand: CliCommand = {
  path: ['hid', 'record'],
  summary: 'Record a pen\'s input reports in hid-recorder format (until Ctrl-C or --duration)',
  usage: '[--out file] [--device vid:pid] [--duration seconds] [--simulated]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      out: { type: 'string' },
      device: { type: 'string' },
      duration: { type: 'string' },
      simulated: { type: 'boolean' },
    }, false);
    const duration = values.duration === undefined ? undefined : Number(values.duration);
    if (duration !== undefined && !(duration > 0)) throw new CliError('--duration must be a positive number of seconds', 2);
    const wanted = values.device?.toLowerCase();
    if (wanted && !/^[0-9a-f]{4}:[0-9a-f]{4}$/.test(wanted)) throw new CliError('--device must be vid:pid in hex, e.g. 056a:00a5', 2);
    const transport: HidTransport = values.simulated ? await createSimulatedPen({ loop: false }) : new NodeHidTransport();
    const devices = (await listOrExplain(transport)).filter((d) => (wanted ? vidPid(d) === wanted : profileFor(d) !== undefined));
    if (!devices.length) throw new CliError(wanted ? `no device ${wanted} found` : 'no pen found (use --device vid:pid for another HID device, or --simulated)');
    const device = devices[0];
    const connection = await transport.open(device);
    const out = values.out ? createWriteStream(resolve(io.cwd, values.out)) : undefined;
    const write = (text: string) => (out ? out.write(text) : io.stdout(text));
    write(`# station hid record: ${device.product ?? ''} ${vidPid(device)} ${device.id}\n`);
    write(formatRecordingHeader({ index: 0, name: device.product, vendorId: device.vendorId, productId: device.productId, descriptor: device.reportDescriptor, bus: 3 }));
    let first: number | undefined;
    let count = 0;
    connection.onReport((report, t) => {
      first ??= t;
      count++;
      write(formatRecordedReport(t - first, report));
    });
    io.stderr(`recording ${device.product ?? device.id} (${vidPid(device)})${duration ? ` for ${duration} s` : '; Ctrl-C to stop'}\n`);
    io.stderr('note: a capture holds biometric data (handwriting dynamics): keep it only as long as the support case needs it, and never with customer names\n');
    await new Promise<void>((done) => {
      const timer = duration ? setTimeout(done, duration * 1000) : undefined;
      const stop = () => {
        if (timer) clearTimeout(timer);
        process.off('SIGINT', stop);
        done();
      };
      process.once('SIGINT', stop);
      connection.onClose((reason) => {
        if (reason) io.stderr(`device closed: ${reason.message}\n`);
        stop();
      });
    });
    await connection.close().catch(() => undefined);
    if (out) await new Promise<void>((r) => out.end(r));
    io.stderr(`${count} reports recorded\n`);
    return 0;
  },
};

const watchCommand: CliCommand = {
  path: ['hid', 'watch'],
  summary: 'Show a pen\'s decoded samples live, one JSON object per line (until Ctrl-C or --duration)',
  usage: '[--device vid:pid] [--profile <id>] [--duration seconds] [--simulated]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      device: { type: 'string' },
      profile: { type: 'string' },
      duration: { type: 'string' },
      simulated: { type: 'boolean' },
    }, false);
    const duration = values.duration === undefined ? undefined : Number(values.duration);
    if (duration !== undefined && !(duration > 0)) throw new CliError('--duration must be a positive number of seconds', 2);
    const preferred = values.profile ?? 'auto';
    if (preferred !== 'auto' && !profileById(preferred)) throw new CliError(`unknown profile '${preferred}'`, 2);
    const wanted = values.device?.toLowerCase();
    const transport: HidTransport = values.simulated ? await createSimulatedPen({ loop: true }) : new NodeHidTransport();
    const device = (await listOrExplain(transport)).find((d) => (!wanted || vidPid(d) === wanted) && profileFor(d, preferred));
    if (!device) throw new CliError(wanted ? `no pen ${wanted} found` : 'no pen found (use --simulated to watch the simulated pen)');
    const profile = profileFor(device, preferred)!;
    const decoder = profile.createDecoder(device, {
      source: values.simulated ? 'simulated' : undefined,
      events: {
        onError: (kind, message) => io.stderr(`${kind}: ${message}\n`),
        onGap: (g) => io.stderr(`gap: ${g.lostReports ?? '?'} report(s) lost between t=${g.fromT} and t=${g.toT} ms\n`),
      },
    });
    const connection = await transport.open(device);
    for (const id of profile.featureReportsToRead ?? []) {
      decoder.applyFeatureReport?.(await connection.getFeatureReport(id, 64).catch(() => new Uint8Array()));
    }
    io.stderr(`watching ${device.product ?? device.id} (${vidPid(device)}) with profile ${profile.id}\n`);
    connection.onReport((report, t) => {
      const s = decoder.decode(report, t);
      if (s) io.stdout(JSON.stringify(s) + '\n');
    });
    await new Promise<void>((done) => {
      const timer = duration ? setTimeout(() => stop(), duration * 1000) : undefined;
      function stop() {
        if (timer) clearTimeout(timer);
        process.off('SIGINT', stop);
        done();
      }
      process.once('SIGINT', stop);
      connection.onClose(() => stop());
    });
    await connection.close().catch(() => undefined);
    io.stderr(`${decoder.stats.samples} samples from ${decoder.stats.reports} reports; errors ${JSON.stringify(decoder.stats.errors)}\n`);
    return 0;
  },
};

export const hidCommands: CliCommand[] = [describeCommand, decodeCommand, listCommand, recordCommand, watchCommand];
