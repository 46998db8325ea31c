import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import type { Role } from '@kinship/domain/rules';
import type { LiveClientEventName, LiveClientPayload, MemberView } from '@kinship/domain/wire';
import { useActivity } from '../hooks/useActivity';
import { LiveConnection } from '../live-connection';
import { LiveSessionContext, type LiveSessionContextValue } from '../live-session-context';
import { initialLiveState, liveReducer } from '../live-state';
import { documentKeys } from '../../documents/queries';
import { liveSessionKeys } from '../queries';
import { workspaceKeys } from '../../workspaces/queries';

export interface LiveSessionProviderProps {
  workspaceId: string;
  /** Who this is in the workspace; null while unknown (nothing connects, the context is null). */
  me: { accountId: string; role: Role } | null;
  /** The workspace's members, to name people before the session's presence arrives. */
  members: MemberView[];
  /** The document this tab shows, or null (the workspace page, a session record). */
  documentId: string | null;
  children: ReactNode;
}

/**
 * One live-session socket and one state for the whole workspace: the workspace page, its
 * documents and session records all read it, so moving between them keeps the connection.
 */
export function LiveSessionProvider({ workspaceId, me, members, documentId, children }: LiveSessionProviderProps) {
  const [state, dispatch] = useReducer(liveReducer, workspaceId, initialLiveState);
  const activity = useActivity();
  const connection = useRef<LiveConnection | null>(null);
  const whereabouts = useRef({ documentId, activity });
  const queryClient = useQueryClient();

  useEffect(() => {
    whereabouts.current = { documentId, activity };
    connection.current?.setWhereabouts({ documentId, activity });
  }, [documentId, activity]);

  const accountId = me?.accountId ?? null;
  useEffect(() => {
    if (accountId === null) return;
    // The first state after each (re)connect answers our watch: "no session" there is how things
    // stand, just read with the workspace (a watch by someone no longer a member is refused instead).
    let answeringWatch = true;
    const opened = new LiveConnection(workspaceId, accountId, (action) => {
      dispatch(action);
      if (action.type === 'connected') answeringWatch = true;
      const watchAnswer = action.type === 'state' && answeringWatch;
      if (action.type === 'state') answeringWatch = false;
      // No live session any more, or refused as not a member: the person may have been taken out
      // of the workspace (the server says so the same way). Reading the workspace again tells.
      if ((action.type === 'state' && action.message.session === null && !watchAnswer) || (action.type === 'error' && action.error.rule === 'not-a-member')) {
        void queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) });
      }
    }, whereabouts.current);
    connection.current = opened;
    opened.start();
    return () => {
      opened.stop();
      if (connection.current === opened) connection.current = null;
    };
  }, [workspaceId, accountId, queryClient]);

  // A session started (with its new dialogue document) or ended: the lists changed.
  const sessionId = state.session?.id ?? null;
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: liveSessionKeys.list(workspaceId) });
    void queryClient.invalidateQueries({ queryKey: documentKeys.list(workspaceId) });
  }, [queryClient, workspaceId, sessionId, state.endedSessionId]);

  const send = useCallback(<E extends LiveClientEventName>(event: E, payload: LiveClientPayload<E>) => {
    connection.current?.send(event, payload);
  }, []);

  const people = state.people;
  const nameOf = useCallback(
    (accountId: string) =>
      people.find((p) => p.accountId === accountId)?.name ?? members.find((m) => m.accountId === accountId)?.displayName,
    [people, members],
  );

  const value = useMemo<LiveSessionContextValue | null>(
    () => me && ({
      state,
      me,
      documentId,
      send,
      nameOf,
      dismissError: () => dispatch({ type: 'dismiss-error' }),
      dismissEnded: () => dispatch({ type: 'dismiss-ended' }),
      brought: (nonce: number, followed: boolean) => dispatch({ type: 'brought', nonce, followed }),
    }),
    [state, me, documentId, send, nameOf],
  );
  return <LiveSessionContext.Provider value={value}>{children}</LiveSessionContext.Provider>;
}
