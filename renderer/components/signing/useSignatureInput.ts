import { useEffect, useMemo, useRef } from 'react';
import type { StationApi } from '../../../preload/common/stationApi';
import { PointerSampleSource, pointerEventDeviceInfo } from '../../../native/pointer/pointerEventSamples';
import { InkFrameBatcher } from '../../../native/ink/liveInk';
import type { CustomerPen } from '../useCustomerPen';
import type { InkSource } from '../useInk';
import { windowSize } from '../useCustomerPen';
import { sampleInBox } from '../webHidSampleMapping';
import { pointerSampleInBox } from '../boxPosition';

/**
 * The customer's pen into the signature box, while signing: a pen on the customer's own machine
 * (WebHID: batched per frame, mapped into the box through the stored calibration) or Pointer Events
 * (a pen the operating system owns, touch, a mouse in the demo). Returns the box's pointer handlers.
 */
export function useSignatureInput(o: { api: StationApi; interactive: boolean; signing: boolean; box: React.RefObject<HTMLDivElement | null>; pen?: CustomerPen; ink: InkSource }) {
  const { api, interactive, signing, box, pen, ink } = o;
  const webHidPen = pen?.state.kind === 'connected' ? pen.state : undefined;
  const calibration = pen?.calibration;
  useEffect(() => {
    if (!interactive || !signing || !webHidPen || !pen) return;
    const batcher = new InkFrameBatcher((samples) => {
      const r = box.current?.getBoundingClientRect();
      if (!r || r.width <= 0) return;
      const screen = windowSize();
      // A calibration made at another window size does not fit this one (the display mode changed).
      const fits = calibration && calibration.window.width === screen.width && calibration.window.height === screen.height ? calibration : undefined;
      const inBox = samples.map((s) => sampleInBox(s, screen, r, fits));
      const { source: _source, ...device } = webHidPen.device;
      // The display covers the window: its pixels say what a raw unit is where the descriptor gives no millimetres.
      const deviceInfo = { ...device, product: device.product?.slice(0, 120), widthPx: screen.width, heightPx: screen.height };
      api.call('customer.penSamples', { source: 'webhid', device: `${webHidPen.product} (${webHidPen.key})`.slice(0, 120), deviceInfo, samples: inBox }).catch(() => undefined);
    }, (frame) => requestAnimationFrame(frame));
    const off = pen.onSamples((s) => batcher.push(s));
    return () => {
      off();
      batcher.flush();
    };
  }, [api, interactive, signing, webHidPen?.key, calibration]);

  // With a WebHID pen the same pen may also move the system pointer: one pen, one source.
  const usingWebHid = useRef(false);
  usingWebHid.current = !!webHidPen;

  return useMemo(() => {
    if (!interactive) return {};
    // Every coalesced event; the first pointer down owns the signature until it leaves.
    const source = new PointerSampleSource(() => box.current!.getBoundingClientRect(), { accept: ['pen', 'touch', 'mouse'] });
    // The samples' x/y are CSS pixels of the box: the record says so (the box's size and the
    // pointer type), so the signature keeps its shape in the biometric record and the PDF.
    let surface: { width: number; height: number; pointerType: string } | undefined;
    const batcher = new InkFrameBatcher((samples) => {
      const { source: _source, ...deviceInfo } = pointerEventDeviceInfo({ left: 0, top: 0, width: surface?.width ?? 1, height: surface?.height ?? 1 }, surface?.pointerType);
      api.call('customer.penSamples', { source: 'pointer-events', deviceInfo, samples }).catch(() => undefined);
    }, (frame) => requestAnimationFrame(frame));
    const handle = (e: React.PointerEvent<HTMLDivElement>) => {
      if (!box.current || usingWebHid.current) return;
      if (e.type === 'pointerdown') box.current.setPointerCapture(e.pointerId);
      const rect = box.current.getBoundingClientRect();
      if (e.type === 'pointerdown' || !surface) surface = { width: rect.width, height: rect.height, pointerType: e.pointerType };
      const samples = source.handle(e.nativeEvent).map((s) => pointerSampleInBox(s, rect));
      batcher.push(samples);
      // Shown at the next frame from here, not after the round trip through the station.
      ink.showLocal(samples);
    };
    const leave = (e: React.PointerEvent<HTMLDivElement>) => {
      if (!box.current || usingWebHid.current) return;
      const rect = box.current.getBoundingClientRect();
      const samples = source.leave(e.nativeEvent).map((s) => pointerSampleInBox(s, rect));
      batcher.push(samples);
      ink.showLocal(samples);
    };
    return { onPointerDown: handle, onPointerMove: handle, onPointerUp: handle, onPointerCancel: leave, onPointerLeave: leave };
  }, [api, interactive, ink]);
}
