import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { forgetWorkspacesNotIn } from '../../../shared/device-storage';
import { workspacesQuery } from '../queries';

/**
 * At each visit (and whenever the list is read again), the device copies of documents from
 * workspaces the person is no longer in (they left, or the counselor removed them) are deleted.
 * Only a list the server answered counts: offline, nothing is deleted.
 */
export function useForgetLeftWorkspaces(accountId: string): void {
  const { data, isFetchedAfterMount, isSuccess } = useQuery(workspacesQuery());
  useEffect(() => {
    if (!accountId || !isSuccess || !isFetchedAfterMount || !data) return;
    void forgetWorkspacesNotIn(
      accountId,
      data.map((w) => w.id),
    );
  }, [accountId, data, isSuccess, isFetchedAfterMount]);
}
