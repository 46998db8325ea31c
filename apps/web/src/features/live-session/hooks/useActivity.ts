import { useEffect, useState } from 'react';

/** A person with no input for this long, in any way, is shown as idle. */
export const IDLE_AFTER_MS = 60_000;

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'] as const;

/**
 * Whether the person at this tab is active: idle after IDLE_AFTER_MS without input, or as soon as
 * the tab is hidden; active again on the next input (or when the tab shows again).
 */
export function useActivity(): 'active' | 'idle' {
  const [activity, setActivity] = useState<'active' | 'idle'>(() =>
    typeof document !== 'undefined' && document.hidden ? 'idle' : 'active',
  );
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastInput = 0;
    const idleLater = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setActivity('idle'), IDLE_AFTER_MS);
    };
    const onInput = () => {
      if (document.hidden) return;
      const now = Date.now();
      // Moving the pointer fires often: restart the countdown at most once a second.
      if (now - lastInput < 1000) return;
      lastInput = now;
      setActivity('active');
      idleLater();
    };
    const onVisibility = () => {
      if (document.hidden) {
        clearTimeout(timer);
        setActivity('idle');
      } else {
        lastInput = 0;
        onInput();
      }
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    idleLater();
    return () => {
      clearTimeout(timer);
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return activity;
}
