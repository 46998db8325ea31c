import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Outlet, useMatch, useParams } from 'react-router-dom';
import { useAccount } from '../../auth/hooks/useAccount';
import { BringHereFollower } from '../../live-session/components/BringHereFollower';
import { KeepSignedInDuringSession } from '../../live-session/components/KeepSignedInDuringSession';
import { LiveDock } from '../../live-session/components/LiveDock';
import { LiveSessionProvider } from '../../live-session/components/LiveSessionProvider';
import { LiveSessionStatus } from '../../live-session/components/LiveSessionStatus';
import { useNoLongerMember } from '../hooks/useNoLongerMember';
import { JointWorkBanner } from '../../safety/components/JointWorkBanner';
import { workspaceQuery } from '../../workspaces/queries';
import './workspace-page.css';

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
        <JointWorkBanner workspaceId={workspaceId} role={role} />
        <Outlet />
        <LiveDock />
        <BringHereFollower />
        <KeepSignedInDuringSession />
      </div>
    </LiveSessionProvider>
  );
}
