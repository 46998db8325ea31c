import { useEffect, useState } from 'react';

/** The time now, moving on each second while `ticking` (a timer, a break countdown). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    // Land on the next whole second, then every second: a clock that moves evenly.
    let interval: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(() => {
      tick();
      interval = setInterval(tick, 1000);
    }, 1000 - (Date.now() % 1000));
    return () => {
      clearTimeout(first);
      clearInterval(interval);
    };
  }, [ticking]);
  return now;
}
