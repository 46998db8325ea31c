import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../shared/http';
import { useAccountState } from '../../auth/hooks/useAccount';
import { fetchIdleDeadline, reportActivity } from '../api';

/** Tell the server about activity at most this often. */
const PING_EVERY_MS = 60_000;
/** Warn this long before the login ends. */
export const WARN_BEFORE_MS = 60_000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/** Pages that count as in use while they are open (a live session the person is in), by how many. */
let keptAlive = 0;

/**
 * While `active`, the person counts as present even without keys or clicks: someone listening in
 * a live counseling session is using the app. (The idle clock is reported once a minute meanwhile.)
 */
export function useKeepSignedInWhile(active: boolean) {
  useEffect(() => {
    if (!active) return;
    keptAlive += 1;
    return () => {
      keptAlive -= 1;
    };
  }, [active]);
}

/**
 * The idle clock, as the server keeps it: a person's keys, clicks and touches are reported (at most
 * once a minute) and start it again; a minute before it runs out a warning offers to stay signed in;
 * when it has run out, the server is asked once more (another tab may have kept the login alive)
 * and, when the login is over, the app signs out saying why. Signing out this way keeps what is
 * on the device (edits not yet sent stay in the editor's device copy, for the next login).
 */
export function useIdleLogout(enabled: boolean) {
  const { signedOut } = useAccountState();
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const lastPing = useRef(0);
  const checking = useRef(false);

  const apply = useCallback((iso: string) => setDeadline(new Date(iso).getTime()), []);

  const ping = useCallback(
    (force = false) => {
      const at = Date.now();
      if (!force && at - lastPing.current < PING_EVERY_MS) return;
      lastPing.current = at;
      reportActivity()
        .then((view) => apply(view.idleDeadline))
        .catch(() => {
          lastPing.current = 0; // try again at the next action
        });
    },
    [apply],
  );

  // Opening the app is an action; from then on, every key, click, scroll and touch.
  useEffect(() => {
    if (!enabled) return;
    ping(true);
    const onActivity = () => ping();
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onActivity, { capture: true, passive: true });
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, onActivity, { capture: true });
    };
  }, [enabled, ping]);

  useEffect(() => {
    if (!enabled || deadline === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (keptAlive > 0) ping();
    }, 1000);
    return () => clearInterval(timer);
  }, [enabled, deadline, ping]);

  const left = deadline === null ? null : deadline - now;

  // At the warning and at the end, ask the server: another tab's activity may have moved the deadline.
  const warnChecked = useRef<number | null>(null);
  useEffect(() => {
    if (!enabled || deadline === null || left === null || checking.current) return;
    const atWarning = left <= WARN_BEFORE_MS && warnChecked.current !== deadline;
    const atEnd = left <= 0;
    if (!atWarning && !atEnd) return;
    if (atWarning) warnChecked.current = deadline;
    checking.current = true;
    fetchIdleDeadline()
      .then((view) => {
        const next = new Date(view.idleDeadline).getTime();
        if (next > deadline) setDeadline(next);
        else if (atEnd) signedOut('idle');
      })
      .catch((error: unknown) => {
        // Over on the server (401), or past the deadline without a way to ask: signed out here too.
        if (atEnd || (error instanceof ApiError && error.status === 401)) signedOut('idle');
      })
      .finally(() => {
        checking.current = false;
      });
  }, [enabled, deadline, left, signedOut]);

  return {
    /** Seconds until the login ends, while the warning shows; null otherwise. */
    warningSeconds: enabled && left !== null && left <= WARN_BEFORE_MS && left > 0 ? Math.ceil(left / 1000) : null,
    staySignedIn: () => ping(true),
  };
}
