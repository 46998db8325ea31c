import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { forgetWorkspace } from '../../../shared/device-storage';
import { dropWorkspace, saysNotAMember } from '../no-longer-member';
import { workspaceQuery } from '../../workspaces/queries';

/**
 * Inside a workspace: when the API says this person is no longer in it (the workspace answers 403
 * or 404 after it was open; a document's refusal or the live socket asks it again), what was
 * cached and kept on the device about it goes, and the home page says so.
 */
export function useNoLongerMember(workspaceId: string, accountId: string): void {
  const client = useQueryClient();
  const navigate = useNavigate();
  const { error, data } = useQuery(workspaceQuery(workspaceId));
  const known = data !== undefined;
  useEffect(() => {
    if (!known || !saysNotAMember(error)) return;
    const name = dropWorkspace(client, workspaceId);
    void forgetWorkspace(accountId, workspaceId);
    if (name !== null) navigate('/', { replace: true });
  }, [known, error, client, workspaceId, accountId, navigate]);
}
