/**
 * The text capture format of hid-tools' `hid-recorder` (also what `station hid record` writes):
 *
 *   D: 0                      device index (several devices may share a file)
 *   R: <n> <hex bytes…>        the report descriptor
 *   N: <name>                  I: <bus> <vendor hex> <product hex>      P: <phys>
 *   E: <seconds> <n> <hex…>    one input report, seconds since the recording started
 *
 * Lines starting with '#' are comments. Pure: parsing and writing only.
 */

export interface RecordedReport {
  /** Milliseconds since the recording started. */
  t: number;
  data: Uint8Array;
  /** Device index (D: line) the report belongs to. */
  device: number;
}

export interface RecordedDevice {
  index: number;
  name?: string;
  phys?: string;
  bus?: number;
  vendorId?: number;
  productId?: number;
  descriptor?: Uint8Array;
}

export interface HidRecording {
  devices: RecordedDevice[];
  reports: RecordedReport[];
  /** Lines that could not be read (1-based line number and reason): counted, the rest is kept. */
  problems: { line: number; message: string }[];
}

function hexBytes(words: string[]): Uint8Array | undefined {
  const out = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i++) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(words[i])) return undefined;
    out[i] = parseInt(words[i], 16);
  }
  return out;
}

export function parseHidRecording(text: string): HidRecording {
  const devices: RecordedDevice[] = [];
  const reports: RecordedReport[] = [];
  const problems: { line: number; message: string }[] = [];
  let current = 0;
  const deviceOf = (i: number) => {
    let d = devices.find((x) => x.index === i);
    if (!d) devices.push((d = { index: i }));
    return d;
  };
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Z]):\s*(.*)$/.exec(line);
    if (!m) {
      problems.push({ line: n + 1, message: 'not a hid-recorder line' });
      continue;
    }
    const [, tag, rest] = m;
    const words = rest.split(/\s+/).filter(Boolean);
    switch (tag) {
      case 'D':
        current = Number(words[0]);
        if (!Number.isInteger(current)) {
          problems.push({ line: n + 1, message: 'bad device index' });
          current = 0;
        }
        deviceOf(current);
        break;
      case 'R': {
        const len = Number(words[0]);
        const bytes = hexBytes(words.slice(1));
        if (!bytes || bytes.length !== len) problems.push({ line: n + 1, message: `descriptor length ${words[0]} does not match its ${words.length - 1} bytes` });
        if (bytes) deviceOf(current).descriptor = bytes;
        break;
      }
      case 'N':
        deviceOf(current).name = rest;
        break;
      case 'P':
        deviceOf(current).phys = rest;
        break;
      case 'I': {
        const d = deviceOf(current);
        d.bus = parseInt(words[0], 16);
        d.vendorId = parseInt(words[1], 16);
        d.productId = parseInt(words[2], 16);
        break;
      }
      case 'E': {
        const seconds = Number(words[0]);
        const len = Number(words[1]);
        const bytes = hexBytes(words.slice(2));
        if (!Number.isFinite(seconds) || !bytes || bytes.length !== len) {
          problems.push({ line: n + 1, message: 'malformed event line' });
          break;
        }
        reports.push({ t: seconds * 1000, data: bytes, device: current });
        break;
      }
      default:
        break; // other tags (e.g. 'S:' in newer recorders) are not needed
    }
  }
  return { devices, reports, problems };
}

const hex = (b: Uint8Array) => Array.from(b, (v) => v.toString(16).padStart(2, '0')).join(' ');

/** The header lines of one device in a recording. */
export function formatRecordingHeader(device: RecordedDevice): string {
  const lines = [`D: ${device.index}`];
  if (device.descriptor) lines.push(`R: ${device.descriptor.length} ${hex(device.descriptor)}`);
  if (device.name) lines.push(`N: ${device.name}`);
  if (device.phys) lines.push(`P: ${device.phys}`);
  if (device.vendorId !== undefined) {
    lines.push(`I: ${(device.bus ?? 3).toString(16)} ${device.vendorId.toString(16).padStart(4, '0')} ${(device.productId ?? 0).toString(16).padStart(4, '0')}`);
  }
  return lines.join('\n') + '\n';
}

/** One E: line: `tMs` since the recording started. */
export function formatRecordedReport(tMs: number, data: Uint8Array): string {
  return `E: ${(tMs / 1000).toFixed(6)} ${data.length} ${hex(data)}\n`;
}
