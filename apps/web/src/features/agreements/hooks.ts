import { useQuery } from '@tanstack/react-query';
import { workspaceQuery } from '../workspaces/queries';
import type { PeopleNames } from './components/AgreementItems';

/** Names of the workspace's members, for "binds Alex". */
export function usePeopleNames(workspaceId: string): PeopleNames {
  const workspace = useQuery(workspaceQuery(workspaceId));
  const members = workspace.data?.members ?? [];
  return { nameOf: (accountId) => members.find((m) => m.accountId === accountId)?.displayName };
}
