import type { PenSample } from '../../native/pen/penSample';

/**
 * Pointer Events → pen samples in signature-box coordinates, every coalesced event included (a pen
 * at 200+ Hz delivers several per frame). Used when the operating system owns the digitizer
 * (Windows Ink) or with a mouse in the demo; the source is recorded as 'pointer-events'.
 */
export function pointerEventToSamples(e: PointerEvent, box: DOMRect): PenSample[] {
  const events = typeof e.getCoalescedEvents === 'function' && e.type === 'pointermove' ? e.getCoalescedEvents() : [];
  return (events.length ? events : [e]).map((ev) => {
    const x = ev.clientX - box.left;
    const y = ev.clientY - box.top;
    const down = (ev.buttons & 1) === 1 && e.type !== 'pointerup' && e.type !== 'pointercancel';
    // A mouse reports 0.5 while pressed: treat it as mid pressure; a pen reports the real value.
    const pressure = down ? (ev.pointerType === 'mouse' ? 0.5 : ev.pressure) : 0;
    return {
      t: ev.timeStamp,
      x,
      y,
      pressure,
      nx: x / box.width,
      ny: y / box.height,
      np: Math.max(0, Math.min(1, pressure)),
      tiltX: ev.pointerType === 'pen' ? ev.tiltX : undefined,
      tiltY: ev.pointerType === 'pen' ? ev.tiltY : undefined,
      twist: ev.pointerType === 'pen' ? ev.twist : undefined,
      inRange: true,
      tip: down,
      buttons: (ev.buttons & 2 ? 1 : 0) | (ev.buttons & 32 ? 4 : 0),
    };
  });
}
