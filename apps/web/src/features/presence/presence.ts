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
