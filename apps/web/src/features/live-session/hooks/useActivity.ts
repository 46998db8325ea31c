import { useEffect, useState } from 'react';
import { ActivityWatch, type Activity } from '../activity';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'] as const;

/** Whether the person at this tab is active or idle (see ActivityWatch), from the page's input and visibility. */
export function useActivity(): Activity {
  const [activity, setActivity] = useState<Activity>(() => (typeof document !== 'undefined' && document.hidden ? 'idle' : 'active'));
  useEffect(() => {
    const watch = new ActivityWatch(setActivity, document.hidden);
    const onInput = () => watch.input(Date.now());
    const onVisibility = () => watch.visibility(document.hidden, Date.now());
    for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      watch.stop();
      for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return activity;
}
