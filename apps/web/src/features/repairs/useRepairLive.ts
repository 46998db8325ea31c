import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { leaseLiveSocket } from '../../shared/live-socket';
import { repairKeys } from './queries';

/**
 * Keeps a workspace's repair current on this page: the server sends `repair:changed` (no words,
 * only which repair and its version) to every member's sockets; the page reads the repair again.
 * On every (re)connect it reads again too, so a change made while the socket was down is not missed.
 */
export function useRepairLive(workspaceId: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const lease = leaseLiveSocket();
    const refresh = () => void queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) });
    lease.on('repair:changed', (message) => {
      if (message.workspaceId === workspaceId) refresh();
    });
    lease.on('connect', refresh);
    lease.connect();
    return () => lease.release();
  }, [queryClient, workspaceId]);
}
