/**
 * Which display is the customer's pen display. Pure (no Electron import) so it is tested under Node.
 * The configured value may be a display id ("2779098405"), a size ("1920x1080") or part of the
 * display's label ("Wacom", "DTH134"); otherwise the first display that is not the primary one;
 * with a single display, none (the customer window becomes an ordinary window).
 */
export interface DisplayLike {
  id: number;
  label?: string;
  bounds: { x: number; y: number; width: number; height: number };
  size?: { width: number; height: number };
}

export function pickCustomerDisplay<D extends DisplayLike>(displays: readonly D[], primaryId: number, configured: string): D | undefined {
  const wanted = configured.trim();
  if (wanted) {
    const byId = displays.find((d) => String(d.id) === wanted);
    if (byId) return byId;
    const size = /^(\d+)x(\d+)$/i.exec(wanted);
    if (size) {
      const [w, h] = [Number(size[1]), Number(size[2])];
      const bySize = displays.find((d) => (d.size ?? d.bounds).width === w && (d.size ?? d.bounds).height === h && d.id !== primaryId)
        ?? displays.find((d) => (d.size ?? d.bounds).width === w && (d.size ?? d.bounds).height === h);
      if (bySize) return bySize;
    }
    const byLabel = displays.find((d) => d.label && d.label.toLowerCase().includes(wanted.toLowerCase()));
    if (byLabel) return byLabel;
    // A configured display that is absent (unplugged) is not replaced by a random other one.
    return undefined;
  }
  return displays.find((d) => d.id !== primaryId);
}
