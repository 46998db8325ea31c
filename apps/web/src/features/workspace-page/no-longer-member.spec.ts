import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../shared/http';
import { documentKeys } from '../documents/queries';
import { dropWorkspace, saysNotAMember } from './no-longer-member';
import { noLongerInKey, workspaceKeys } from '../workspaces/queries';

describe('a person found to be no longer in a workspace', () => {
  function cached() {
    const client = new QueryClient();
    client.setQueryData(workspaceKeys.detail('w1'), { id: 'w1', name: 'Kit & Lee', role: 'partner', members: [] });
    client.setQueryData(workspaceKeys.list(), [
      { id: 'w1', name: 'Kit & Lee', role: 'partner' },
      { id: 'w2', name: 'Other', role: 'partner' },
    ]);
    client.setQueryData(documentKeys.list('w1'), [{ id: 'd1', title: 'Session 1 impressions', workspaceId: 'w1' }]);
    client.setQueryData(documentKeys.access('a1', 'd1'), { document: { id: 'd1', workspaceId: 'w1' } });
    client.setQueryData(documentKeys.access('a1', 'd2'), { document: { id: 'd2', workspaceId: 'w2' } });
    return client;
  }

  it('nothing cached about the workspace is left to show, and its name is kept to say so', () => {
    const client = cached();
    expect(dropWorkspace(client, 'w1')).toBe('Kit & Lee');
    expect(client.getQueryData(workspaceKeys.detail('w1'))).toBeUndefined();
    expect(client.getQueryData(documentKeys.list('w1'))).toBeUndefined();
    expect(client.getQueryData(documentKeys.access('a1', 'd1'))).toBeUndefined();
    expect(client.getQueryData(workspaceKeys.list())).toEqual([{ id: 'w2', name: 'Other', role: 'partner' }]);
    expect(client.getQueryData(noLongerInKey)).toEqual(['Kit & Lee']);
  });

  it('other workspaces are untouched', () => {
    const client = cached();
    dropWorkspace(client, 'w1');
    expect(client.getQueryData(documentKeys.access('a1', 'd2'))).toEqual({ document: { id: 'd2', workspaceId: 'w2' } });
  });

  it('a workspace never known (a mistyped link) has nothing to say', () => {
    expect(dropWorkspace(new QueryClient(), 'nope')).toBeNull();
  });

  it('403 and 404 say "not a member"; other failures (offline, 500) do not', () => {
    expect(saysNotAMember(new ApiError(403, null))).toBe(true);
    expect(saysNotAMember(new ApiError(404, null))).toBe(true);
    expect(saysNotAMember(new ApiError(500, null))).toBe(false);
    expect(saysNotAMember(new Error('offline'))).toBe(false);
  });
});
