import type { ClientConfigView } from '@kinship/domain/wire';

/**
 * The quick exit, for someone whose screen may be watched: GOV.UK's "Exit this page" pattern.
 * In this order, at once:
 * 1. what is shown goes blank (the page, its title) and the app is taken down, so open documents
 *    let go of their device copies;
 * 2. what is kept on the device is cleared: localStorage, sessionStorage, every IndexedDB database
 *    (the document copies), Cache Storage, the service worker;
 * 3. the login ends on the server (a keepalive POST to /api/auth/logout, which outlives the page);
 * 4. the tab goes to a neutral page with `location.replace`, which replaces the app's entry in the
 *    tab's history: Back does not bring the app's content back.
 * Nothing is told to anyone else: the server sees an ordinary logout, the others an ordinary disconnect.
 */

export const DEFAULT_QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather';
/** The longest the exit waits for the device to be cleared before it leaves anyway (the deletions go on). */
const CLEAR_WAIT_MS = 500;

let exitUrl = DEFAULT_QUICK_EXIT_URL;
let takeDown: (() => void) | null = null;
let exited = false;

/** Reads where the exit goes (`QUICK_EXIT_URL` on the server); until it answers, the default. */
export async function loadQuickExitUrl(): Promise<void> {
  try {
    const response = await fetch('/api/config', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const config = (await response.json()) as Partial<ClientConfigView>;
    if (typeof config.quickExitUrl === 'string' && /^https?:\/\//.test(config.quickExitUrl)) exitUrl = config.quickExitUrl;
  } catch {
    // Offline: the default neutral page.
  }
}

/** How the app is taken down at the exit (the React root's unmount). */
export function onQuickExitTakeDown(unmount: () => void): void {
  takeDown = unmount;
}

export function quickExit(): void {
  if (exited) return;
  exited = true;
  blank();
  const cleared = clearDevice();
  endLogin();
  const leave = () => window.location.replace(exitUrl);
  void Promise.race([cleared, new Promise((resolve) => setTimeout(resolve, CLEAR_WAIT_MS))]).then(leave, leave);
}

function blank(): void {
  try {
    document.title = '';
    document.body.replaceChildren();
    document.documentElement.style.background = '#fff';
  } catch {
    // Nothing shown can stop the exit.
  }
  try {
    takeDown?.();
  } catch {
    // The page is already blank.
  }
}

function endLogin(): void {
  try {
    void fetch('/api/auth/logout', { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
  } catch {
    try {
      navigator.sendBeacon('/api/auth/logout');
    } catch {
      // Offline: the login still ends at its idle time.
    }
  }
}

async function clearDevice(): Promise<void> {
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    try {
      storage?.clear();
    } catch {
      // Storage unavailable: nothing was kept in it.
    }
  }
  await Promise.allSettled([clearDatabases(), clearCaches(), clearServiceWorkers()]);
}

async function clearDatabases(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases.map(
      ({ name }) =>
        new Promise<void>((resolve) => {
          if (!name) return resolve();
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}

async function clearCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.map((name) => caches.delete(name)));
}

async function clearServiceWorkers(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((r) => r.unregister()));
}

/** Escape pressed this many times, each within this long of the first, leaves. */
export const EXIT_PRESSES = 3;
export const EXIT_WINDOW_MS = 2000;

/** Counts Escape presses; true when this one completes the shortcut. Pure, for testing. */
export function escapeCounter(presses = EXIT_PRESSES, windowMs = EXIT_WINDOW_MS) {
  let times: number[] = [];
  return (key: string, at: number): boolean => {
    if (key !== 'Escape') {
      times = [];
      return false;
    }
    times = [...times.filter((t) => at - t <= windowMs), at];
    if (times.length < presses) return false;
    times = [];
    return true;
  };
}

/** A page restored from the back-forward cache after an exit leaves again. */
export function leaveAgainIfRestored(event: PageTransitionEvent): void {
  if (event.persisted && exited) window.location.replace(exitUrl);
}
