import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { leaseLiveSocket } from '../../shared/live-socket';
import { revealKeys } from './queries';

/**
 * Keeps the page's prompts current from the tab's one `/live` socket: a reveal (sent to both
 * partners and the counselor at once), a prompt opened or withdrawn, and, for the counselor alone,
 * a partner's done / not done. A partner's socket is never told anything of the other partner's
 * draft. Read again on every (re)connect, so nothing that came while it was down is missed.
 */
export function useRevealsSocket(workspaceId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const lease = leaseLiveSocket();
    const refresh = (message?: { workspaceId: string }) => {
      if (!message || message.workspaceId === workspaceId) void queryClient.invalidateQueries({ queryKey: revealKeys.view(workspaceId) });
    };
    lease.on('reveal:revealed', refresh);
    lease.on('reveal:changed', refresh);
    lease.on('connect', () => refresh());
    if (!lease.socket.connected) lease.connect();
    return () => lease.release();
  }, [workspaceId, queryClient]);
}
