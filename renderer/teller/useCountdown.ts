import { useEffect, useState } from 'react';

/**
 * Seconds left until a moment, ticking once a second (undefined when there is no moment). Counted
 * from the clock, not by adding up ticks, so a busy or throttled tab does not fall behind.
 */
export function useCountdown(until: number | undefined): number | undefined {
  const left = () => (until === undefined ? undefined : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    if (until === undefined) return;
    const timer = setInterval(() => {
      const s = left();
      setSeconds(s);
      if (s === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [until]);
  return seconds;
}
