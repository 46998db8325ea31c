import type { Awareness } from 'y-protocols/awareness';

/** One person present in a document (several tabs of one account count once). */
export interface PresentPerson {
  accountId: string;
  name: string;
  color: string;
  role: 'counselor' | 'partner' | null;
  typing: boolean;
  self: boolean;
}

interface AwarenessUser {
  name?: unknown;
  color?: unknown;
  role?: unknown;
  accountId?: unknown;
}

/** Reads the awareness states into a list of people: me first, then others by name. */
export function presentPeople(awareness: Awareness): PresentPerson[] {
  const me = awareness.getLocalState()?.user as AwarenessUser | undefined;
  const myAccount = typeof me?.accountId === 'string' ? me.accountId : null;
  const byAccount = new Map<string, PresentPerson>();
  awareness.getStates().forEach((state, clientId) => {
    const user = state?.user as AwarenessUser | undefined;
    if (!user || typeof user.name !== 'string') return;
    const accountId = typeof user.accountId === 'string' ? user.accountId : `client-${clientId}`;
    const typing = state.typing === true;
    const existing = byAccount.get(accountId);
    if (existing) {
      existing.typing ||= typing;
      return;
    }
    byAccount.set(accountId, {
      accountId,
      name: user.name,
      color: typeof user.color === 'string' ? user.color : '#56605f',
      role: user.role === 'counselor' || user.role === 'partner' ? user.role : null,
      typing,
      self: clientId === awareness.clientID || accountId === myAccount,
    });
  });
  return [...byAccount.values()].sort((a, b) => {
    if (a.self !== b.self) return a.self ? -1 : 1;
    return a.name.localeCompare(b.name);
  });
}

/**
 * What the presence list may claim. Live: the people here now. Not live (this device is offline,
 * or its connection dropped): nobody can be said to be here now, so the list keeps whom it saw
 * last, marked as last seen at `lastSeenAt` (null when it never saw anyone live).
 */
export interface PresenceView {
  live: boolean;
  people: PresentPerson[];
  lastSeenAt: number | null;
}

export const NOT_CONNECTED_YET: PresenceView = { live: false, people: [], lastSeenAt: null };

/** The next view, from the previous one, whether the connection is live now, and who the awareness lists. */
export function nextPresenceView(previous: PresenceView, live: boolean, people: PresentPerson[], now: number): PresenceView {
  if (live) return { live: true, people, lastSeenAt: null };
  // Going stale: keep whom we saw while live (the provider drops the others' states as it
  // disconnects, so they are gone from `people` by now).
  if (previous.live) return { live: false, people: previous.people, lastSeenAt: now };
  if (previous.people.length > 0) return previous;
  return { live: false, people: people.filter((p) => p.self), lastSeenAt: null };
}
