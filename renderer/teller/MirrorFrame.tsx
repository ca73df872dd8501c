import { useEffect, useRef, useState } from 'react';

/**
 * The customer's screen at its real size (as the customer window reports it), scaled down to fit:
 * the same layout, line breaks and page width as the customer sees, not a reflowed look-alike.
 */
export function MirrorFrame(props: { screen?: { width: number; height: number }; children: React.ReactNode }) {
  const { width, height } = props.screen ?? { width: 1280, height: 800 };
  const frame = useRef<HTMLDivElement>(null);
  const [available, setAvailable] = useState(640);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setAvailable(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const scale = Math.min(1, available / width);
  return (
    <div className="mirror-frame" ref={frame} style={{ height: Math.round(height * scale) + 4 }} inert>
      <div className="mirror-screen" style={{ width, height, transform: `scale(${scale})` }}>
        {props.children}
      </div>
    </div>
  );
}
