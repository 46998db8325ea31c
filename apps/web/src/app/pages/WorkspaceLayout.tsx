import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Outlet, useMatch, useParams } from 'react-router-dom';
import { useAccount } from '../../features/auth/hooks/useAccount';
import { BringHereFollower } from '../../features/live-session/components/BringHereFollower';
import { KeepSignedInDuringSession } from '../../features/live-session/components/KeepSignedInDuringSession';
import { LiveDock } from '../../features/live-session/components/LiveDock';
import { LiveSessionProvider } from '../../features/live-session/components/LiveSessionProvider';
import { LiveSessionStatus } from '../../features/live-session/components/LiveSessionStatus';
import { useNoLongerMember } from '../../features/workspaces/hooks/useNoLongerMember';
import { workspaceQuery } from '../../features/workspaces/queries';

const NO_MEMBERS: never[] = [];

/**
 * Every page inside a workspace (its page, its documents, its session records) shares one live
 * session connection: the banner and pause notice on top, the live dock at the bottom.
 */
export default function WorkspaceLayout() {
  const { workspaceId = '' } = useParams();
  const account = useAccount();
  const { data: workspace } = useQuery(workspaceQuery(workspaceId));
  const documentId = useMatch('/workspaces/:workspaceId/documents/:documentId')?.params.documentId ?? null;
  const role = workspace?.role ?? null;
  const me = useMemo(() => (role ? { accountId: account.id, role } : null), [account.id, role]);
  useNoLongerMember(workspaceId, account.id);

  // Until the workspace is known (or when it is not this account's, or offline) there is no live
  // session to follow; the tree keeps its shape, so the page under it is not opened twice.
  return (
    <LiveSessionProvider key={workspaceId} workspaceId={workspaceId} me={me} members={workspace?.members ?? NO_MEMBERS} documentId={documentId}>
      <div className="workspace-frame">
        <LiveSessionStatus />
        <Outlet />
        <LiveDock />
        <BringHereFollower />
        <KeepSignedInDuringSession />
      </div>
    </LiveSessionProvider>
  );
}
