import type { HidConnection, HidDeviceInfo, HidTransport } from '../../native/transport/hidTransport';
import type { SimulatedPenTransport } from '../../native/transport/simulatedPen';

/** A replayed device presented as USB hardware (kind 'usb-hid'): the pen service treats it as a plugged-in pen. */
export class AsHardware implements HidTransport {
  readonly kind = 'usb-hid' as const;
  constructor(readonly inner: SimulatedPenTransport) {}
  list() {
    return this.inner.list();
  }
  open(d: HidDeviceInfo): Promise<HidConnection> {
    return this.inner.open(d);
  }
}
