import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { JointWorkView } from '@kinship/domain/wire';
import { leaseLiveSocket } from '../../shared/live-socket';
import { jointWorkQuery, safetyKeys } from './queries';

/**
 * Whether the counselor paused the workspace's joint work: read once, then kept by the
 * `joint-work:state` frame every socket watching the workspace receives (the same for everyone),
 * and read again on each (re)connect so a change missed while away is not.
 */
export function useJointWork(workspaceId: string, enabled = true): JointWorkView | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({ ...jointWorkQuery(workspaceId), enabled: enabled && workspaceId !== '' });
  useEffect(() => {
    if (!enabled || !workspaceId) return;
    const lease = leaseLiveSocket();
    lease.on('joint-work:state', (message) => {
      if (message.workspaceId === workspaceId) void queryClient.invalidateQueries({ queryKey: safetyKeys.jointWork(workspaceId) });
    });
    lease.on('connect', () => void queryClient.invalidateQueries({ queryKey: safetyKeys.jointWork(workspaceId) }));
    if (!lease.socket.connected) lease.connect();
    return () => lease.release();
  }, [enabled, workspaceId, queryClient]);
  return data;
}

/** The counselor's overview is read again whenever a partner's alert reaches their own socket (and on reconnect). */
export function useSafetyAlerts(workspaceId: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || !workspaceId) return;
    const lease = leaseLiveSocket();
    const refresh = () => void queryClient.invalidateQueries({ queryKey: safetyKeys.overview(workspaceId) });
    lease.on('safety:alert', (message) => {
      if (message.workspaceId === workspaceId) refresh();
    });
    lease.on('connect', refresh);
    if (!lease.socket.connected) lease.connect();
    return () => lease.release();
  }, [enabled, workspaceId, queryClient]);
}
