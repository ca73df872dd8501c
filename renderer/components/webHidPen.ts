import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { PenReportDecoder } from '../../native/hid/decode/penReportDecoder';
import { profileFor } from '../../native/profiles/penProfileRegistry';
import { vidPid, type HidConnection } from '../../native/transport/hidTransport';
import { WebHidTransport, webHidPenFilters, type HidDeviceLike, type HidLike } from '../../native/transport/webHidTransport';

/**
 * The pen attached to the customer's own machine (thin client, Citrix), read through Chromium's
 * WebHID and decoded by the same profiles as the station's USB pens. Choosing the pen needs one
 * user gesture (requestDevice); on later loads the granted pen is opened again without one
 * (getDevices), and again when it is plugged back in. Pen data is biometric: nothing is logged.
 */
export interface WebHidLike extends HidLike {
  requestDevice(options: { filters: typeof webHidPenFilters }): Promise<HidDeviceLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: { device: HidDeviceLike }) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: { device: HidDeviceLike }) => void): void;
}

export type WebHidPenState =
  | { kind: 'no-pen' }
  | { kind: 'connected'; key: string; product: string; device: PenDeviceInfo }
  | { kind: 'unplugged'; key: string; product: string }
  | { kind: 'failed' };

/** navigator.hid where the browser has it (Chromium over https or localhost), else undefined. */
export function browserWebHid(): WebHidLike | undefined {
  const hid = (globalThis.navigator as unknown as { hid?: WebHidLike } | undefined)?.hid;
  return hid && typeof hid.requestDevice === 'function' ? hid : undefined;
}

export class WebHidPen {
  private readonly transport: WebHidTransport;
  private connection: HidConnection | undefined;
  private decoder: PenReportDecoder | undefined;
  private readonly listeners = new Set<(samples: PenSample[]) => void>();
  private current: WebHidPenState = { kind: 'no-pen' };
  private closed = false;
  private readonly onConnect = () => {
    if (!this.connection && !this.closed) this.open().catch(() => undefined);
  };

  constructor(private readonly hid: WebHidLike, private readonly onState: (state: WebHidPenState) => void) {
    this.transport = new WebHidTransport(hid);
    hid.addEventListener('connect', this.onConnect);
  }

  get state(): WebHidPenState {
    return this.current;
  }

  /** The customer tapped "Connect pen": the browser's chooser, then the chosen pen is opened. */
  async choose(): Promise<boolean> {
    const chosen = await this.hid.requestDevice({ filters: webHidPenFilters });
    if (chosen.length === 0) return false;
    return this.open();
  }

  /** Opens the first granted device that a profile can drive; false when there is none. */
  async open(): Promise<boolean> {
    if (this.connection) return true;
    for (const info of await this.transport.list()) {
      const profile = profileFor(info);
      if (!profile) continue;
      try {
        const connection = await this.transport.open(info);
        const decoder = profile.createDecoder(info, { source: 'webhid' });
        for (const id of profile.featureReportsToRead ?? []) decoder.applyFeatureReport?.(await connection.getFeatureReport(id, 64));
        for (const c of profile.startCommands?.(info) ?? []) if (c.kind === 'feature') await connection.sendFeatureReport(c.data);
        const key = vidPid(info);
        const product = info.product || decoder.device.product || key;
        connection.onReport((report, t) => {
          const s = decoder.decode(report, t);
          if (s) for (const l of this.listeners) l([s]);
        });
        connection.onClose((reason) => {
          if (this.connection !== connection) return;
          this.connection = undefined;
          this.decoder = undefined;
          // Unplugged (or taken away): say so gently; it comes back by itself when plugged in again.
          this.set(reason ? { kind: 'unplugged', key, product } : { kind: 'no-pen' });
        });
        this.connection = connection;
        this.decoder = decoder;
        this.set({ kind: 'connected', key, product, device: decoder.device });
        return true;
      } catch {
        this.set({ kind: 'failed' });
        return false;
      }
    }
    return false;
  }

  /** Decoded samples, one call per input report (hover and pen-up included). */
  onSamples(listener: (samples: PenSample[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hid.removeEventListener('connect', this.onConnect);
    const c = this.connection;
    this.connection = undefined;
    await c?.close().catch(() => undefined);
  }

  private set(state: WebHidPenState): void {
    this.current = state;
    this.onState(state);
  }
}
