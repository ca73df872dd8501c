import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, type CliCommand, type CliIo } from '../cliCommand';
import { parseCommandArgs } from '../main';
import { describeReportDescriptor } from '../../../native/hid/descriptor/describeReportDescriptor';

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

export const hidCommands: CliCommand[] = [describeCommand];
