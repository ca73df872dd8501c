import type { CustomerSessionView } from '../../preload/common/contract';
import type { PenDeviceInfo, PenSample } from '../../native/pen/penSample';
import type { InkStream } from './inkStream';
import { deviceInkMapping, type BoxOnScreen } from './inkMapping';
import { clientInkPoint, isClientSource, type SignatureCapture } from './signatureCapture';

type Notice = CustomerSessionView['notice'];

/**
 * The pen's way into the open place: samples (from a device the station reads, or from the
 * customer's page) go into the biometric capture as they are and into the ink both windows draw,
 * only while a place is being signed; the customer is told when the pen leaves the box or is
 * unplugged.
 */
export class PenIntake {
  constructor(private readonly s: {
    capture: SignatureCapture;
    ink: InkStream;
    now: () => Date;
    signing: () => boolean;
    /** Where the page draws the box (fractions of its screen) and the screen's size in CSS pixels. */
    boxOnScreen: () => BoxOnScreen;
    notice: () => Notice;
    setNotice: (notice: Notice) => void;
    touch: () => void;
    /** The pen put ink down (a refusal of the last "Done" no longer applies). */
    drawing?: () => void;
  }) {}

  /**
   * Samples the customer's page captured itself. A WebHID pen says what its raw units mean (the
   * decoding profile's ranges and size), so the record can be read by an examiner like a USB one.
   */
  client(samples: PenSample[], source: 'pointer-events' | 'webhid', device?: string, deviceInfo?: Omit<PenDeviceInfo, 'source'>): void {
    if (!this.s.signing()) return;
    if (!this.s.capture.device) {
      this.s.capture.adopt(source, deviceInfo
        ? { ...deviceInfo, product: device ?? deviceInfo.product }
        : { profile: source, product: device, xRange: [0, 1], yRange: [0, 1], pressureRange: [0, 1] });
    }
    this.samples(samples, source);
  }

  /** Samples of a device the station reads (HID, pad, simulated pen), with that device where known. */
  samples(samples: PenSample[], source: PenDeviceInfo['source'], device?: PenDeviceInfo): void {
    const { capture, ink } = this.s;
    if (!this.s.signing() || samples.length === 0) return;
    // One signature, one source: samples of another source during the same signature are refused.
    if (!capture.accepts(source)) return;
    capture.adopt(source);
    const client = isClientSource(source);
    const toBox = client ? clientInkPoint : deviceInkMapping(source, device, this.s.boxOnScreen());
    let drew = false;
    for (const sample of capture.add(samples, this.s.now())) {
      if (!sample.tip) {
        ink.penUp();
        continue;
      }
      const point = toBox(sample);
      ink.point(point);
      drew = true;
      const outside = point.x < 0 || point.x > 1 || point.y < 0 || point.y > 1;
      if (outside !== (this.s.notice() === 'pen-left-box')) this.s.setNotice(outside ? 'pen-left-box' : undefined);
    }
    this.s.touch();
    if (drew) this.s.drawing?.();
    ink.publish(client);
  }

  status(connected: boolean): void {
    if (!this.s.signing()) return;
    if (!connected) {
      this.s.capture.unplugged();
      this.s.ink.penUp();
      this.s.setNotice('pen-unplugged');
    } else {
      this.s.setNotice(this.s.notice() === 'pen-unplugged' ? undefined : this.s.notice());
    }
  }
}
