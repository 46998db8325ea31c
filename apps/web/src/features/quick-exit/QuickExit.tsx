import { useEffect, useId } from 'react';
import { escapeCounter, leaveAgainIfRestored, quickExit } from './quick-exit';
import './quick-exit.css';

/** Escape pressed three times leaves, on every page: mounted once, at the root of the app. */
export function QuickExitShortcut() {
  useEffect(() => {
    const press = escapeCounter();
    const onKey = (event: KeyboardEvent) => {
      // A key held down repeats: only separate presses count.
      if (event.repeat) return;
      if (press(event.key, event.timeStamp)) quickExit();
    };
    // Capture: an editor or a dialog handling Escape still lets the exit count it.
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('pageshow', leaveAgainIfRestored);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('pageshow', leaveAgainIfRestored);
    };
  }, []);
  return null;
}

/**
 * The "Exit" button, fixed at the top right of the page: placed by each page frame right after its
 * skip link, so it is the next stop for the keyboard.
 */
export function QuickExitButton() {
  const hintId = useId();
  return (
    <div className="quick-exit">
      {/* Said where it is seen on a wide screen; read out with the button everywhere. */}
      <span className="quick-exit__shortcut" aria-hidden="true">
        or press Esc 3 times
      </span>
      <button
        type="button"
        className="quick-exit__button"
        onClick={quickExit}
        aria-describedby={hintId}
        title="Leave Kinship at once (or press Esc three times)"
      >
        Exit
      </button>
      <span id={hintId} className="visually-hidden">
        Leaves Kinship at once for a weather page and clears it from this device. You can also press Escape three times.
      </span>
    </div>
  );
}
