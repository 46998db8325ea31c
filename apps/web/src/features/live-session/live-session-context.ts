import { createContext, useContext } from 'react';
import type { Role } from '@kinship/domain/rules';
import type { LiveClientEventName, LiveClientPayload } from '@kinship/domain/wire';
import type { LiveState } from './live-state';

export interface LiveSessionContextValue {
  state: LiveState;
  me: { accountId: string; role: Role };
  /** The document this tab shows, or null. */
  documentId: string | null;
  send: <E extends LiveClientEventName>(event: E, payload: LiveClientPayload<E>) => void;
  /** A person's display name, by account id. */
  nameOf: (accountId: string) => string | undefined;
  dismissError: () => void;
  dismissEnded: () => void;
  /** The page carried out this bring-here (`followed`), or let it go. */
  brought: (nonce: number, followed: boolean) => void;
}

export const LiveSessionContext = createContext<LiveSessionContextValue | null>(null);

/** The workspace's live session, or null outside a workspace (no provider above). */
export function useLiveSession(): LiveSessionContextValue | null {
  return useContext(LiveSessionContext);
}
