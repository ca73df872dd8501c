import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FourPointCalibration } from '../../native/calibration/fourPointCalibration';

/**
 * Four-point calibrations, one per pen display (keyed by 'vid:pid' or another stable device key),
 * kept in one JSON file in the station's storage directory. A calibration made for another window
 * size is not applied (the display mode changed: calibrate again). A damaged file is set aside and
 * reported, never a crash: the pen still works uncalibrated (digitizer = display).
 */
const number = z.number().refine(Number.isFinite, 'a finite number');
const calibrationSchema = z.object({
  device: z.string().min(1).max(200),
  window: z.object({ width: z.number().positive(), height: z.number().positive() }),
  matrix: z.tuple([number, number, number, number, number, number, number, number, number]),
  maxErrorPx: z.number().nonnegative(),
  createdAt: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), calibrations: z.array(calibrationSchema) });

export class CalibrationStore {
  constructor(private readonly file: string, private readonly log: (message: string) => void = () => undefined) {}

  private async readAll(): Promise<FourPointCalibration[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    try {
      return fileSchema.parse(JSON.parse(text)).calibrations as FourPointCalibration[];
    } catch (err) {
      const aside = `${this.file}.damaged-${Date.now()}`;
      await rename(this.file, aside).catch(() => undefined);
      this.log(`pen calibrations in ${this.file} are damaged (${(err as Error).message.split('\n')[0]}); set aside as ${aside}, pens run uncalibrated until calibrated again`);
      return [];
    }
  }

  /** The calibration for a device in a window of this size, if there is one. */
  async load(device: string, window: { width: number; height: number }): Promise<FourPointCalibration | undefined> {
    const found = (await this.readAll()).find((c) => c.device === device);
    if (!found) return undefined;
    if (found.window.width !== window.width || found.window.height !== window.height) {
      this.log(`pen calibration for ${device} was made at ${found.window.width}×${found.window.height}, the window is ${window.width}×${window.height}: calibrate again`);
      return undefined;
    }
    return found;
  }

  async save(calibration: FourPointCalibration): Promise<void> {
    calibrationSchema.parse(calibration);
    const all = (await this.readAll()).filter((c) => c.device !== calibration.device);
    all.push(calibration);
    await this.writeAll(all);
  }

  async remove(device: string): Promise<void> {
    await this.writeAll((await this.readAll()).filter((c) => c.device !== device));
  }

  private async writeAll(calibrations: FourPointCalibration[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    // Write then rename: a crash mid-write leaves the previous file intact.
    const tmp = `${this.file}.tmp-${process.pid}`;
    await writeFile(tmp, JSON.stringify({ version: 1, calibrations }, null, 2), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
