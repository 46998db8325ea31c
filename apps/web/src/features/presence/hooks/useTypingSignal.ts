import { useCallback, useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** How long after the last keystroke someone still counts as typing. */
const TYPING_IDLE_MS = 2000;

/**
 * Sets the `typing` flag in my awareness state while I edit and clears it when I pause, leave the
 * editor or close the document. Returns `typed` (call on each local edit) and `stopped`.
 */
export function useTypingSignal(awareness: Awareness) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stopped = useCallback(() => {
    clearTimeout(timer.current);
    if (awareness.getLocalState()?.typing) awareness.setLocalStateField('typing', false);
  }, [awareness]);

  const typed = useCallback(() => {
    if (!awareness.getLocalState()?.typing) awareness.setLocalStateField('typing', true);
    clearTimeout(timer.current);
    timer.current = setTimeout(stopped, TYPING_IDLE_MS);
  }, [awareness, stopped]);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { typed, stopped };
}
