import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router-dom';
import { can } from '@kinship/domain/rules';
import { useAccount } from '../../auth/hooks/useAccount';
import { DocumentsSection } from '../../documents/components/DocumentsSection';
import { InvitePartnerPanel } from '../../invites/components/InvitePartnerPanel';
import { RecoveryLinksPanel } from '../../recovery/components/RecoveryLinksPanel';
import { AuditTrailCard } from '../../audit/components/AuditTrailCard';
import { CheckInCard } from '../../check-ins/components/CheckInCard';
import { LiveSessionCard } from '../../live-session/components/LiveSessionCard';
import { SessionHistory } from '../../live-session/components/SessionHistory';
import { CommitmentsCard } from '../../commitments/components/CommitmentsCard';
import { RepairCard } from '../../repairs/components/RepairCard';
import { ProgressCard } from '../../progress/components/ProgressCard';
import { SafetyCard, SafetyLink } from '../../safety/components/SafetyCard';
import { RevealsCard } from '../../reveals/components/RevealsCard';
import { workspaceQuery } from '../../workspaces/queries';
import { MembersList } from '../../workspaces/components/MembersList';
import { ExportWorkspaceLink, LeaveWorkspaceButton } from '../../workspaces/components/MembershipControls';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { ApiError, errorMessage } from '../../../shared/http';
import '../../workspaces/workspaces.css';

const ROLE_SENTENCE = { counselor: 'You are the counselor here.', partner: 'You are a partner here.' } as const;

/**
 * /workspaces/:workspaceId: documents, the people in the workspace, (for the counselor) invites,
 * the live session (start it, who is in it) and the records of past sessions.
 */
export default function WorkspacePage() {
  const { workspaceId = '' } = useParams();
  const account = useAccount();
  const location = useLocation();
  const joined = (location.state as { joined?: boolean } | null)?.joined === true;
  const { data: workspace, error, isPending, refetch } = useQuery(workspaceQuery(workspaceId));
  useDocumentTitle('Workspace');

  if (isPending) return <Loading label="Opening the workspace…" />;
  if (!workspace) {
    const missing = error instanceof ApiError && (error.status === 403 || error.status === 404);
    return (
      <Notice tone={missing ? 'info' : 'error'} title={missing ? 'This workspace is not available' : 'The workspace could not be opened'}>
        <p>{missing ? 'You are not a member of this workspace, or it does not exist.' : errorMessage(error)}</p>
        <p>
          {missing ? <Link to="/">Back to your workspaces</Link> : <Button onClick={() => void refetch()}>Try again</Button>}
        </p>
      </Notice>
    );
  }

  const partners = workspace.members.filter((m) => m.role === 'partner').length;
  const mayInvite = can({ role: workspace.role }, { type: 'workspace.invite' });
  // A counselor whose couple has not both joined yet has inviting to do first: on a phone, the
  // people and invites come before the documents.
  const inviteFirst = mayInvite && workspace.openPartnerPlaces > 0;
  const main = (
    <div className="workspace__main">
      <DocumentsSection workspaceId={workspace.id} role={workspace.role} />
    </div>
  );
  const side = (
    <aside className="workspace__side">
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title" className="card__title">
          People
        </h2>
        <MembersList members={workspace.members} myAccountId={account.id} workspaceId={workspace.id} myRole={workspace.role} />
        {workspace.role === 'partner' && partners < 2 && (
          <p className="muted">Your partner has not joined yet. Your counselor can send them an invite link.</p>
        )}
        <RecoveryLinksPanel workspaceId={workspace.id} members={workspace.members} myAccountId={account.id} myRole={workspace.role} />
        <div className="members__actions">
          {can({ role: workspace.role }, { type: 'workspace.export' }) && <ExportWorkspaceLink workspaceId={workspace.id} />}
          {can({ role: workspace.role }, { type: 'workspace.leave' }) && (
            <LeaveWorkspaceButton workspaceId={workspace.id} workspaceName={workspace.name} />
          )}
        </div>
        {can({ role: workspace.role }, { type: 'safety.answer' }) && <SafetyLink workspaceId={workspace.id} />}
      </section>
      {mayInvite && (
        <InvitePartnerPanel workspaceId={workspace.id} openPartnerPlaces={workspace.openPartnerPlaces} />
      )}
      <CheckInCard workspaceId={workspace.id} role={workspace.role} />
      <CommitmentsCard workspaceId={workspace.id} role={workspace.role} />
      <RepairCard workspaceId={workspace.id} role={workspace.role} />
      <ProgressCard workspaceId={workspace.id} role={workspace.role} />
      <SafetyCard workspaceId={workspace.id} role={workspace.role} />
      <RevealsCard workspaceId={workspace.id} role={workspace.role} />
      <SessionHistory workspaceId={workspace.id} />
      {can({ role: workspace.role }, { type: 'workspace.audit' }) && <AuditTrailCard workspaceId={workspace.id} />}
    </aside>
  );
  return (
    <div className="workspace">
      <PageHeader back={{ to: '/', label: 'Your workspaces' }} title={workspace.name}>
        <p className="muted">{ROLE_SENTENCE[workspace.role]}</p>
      </PageHeader>
      {joined && (
        <Notice tone="success" live title={`Welcome to ${workspace.name}`}>
          You have joined as a {workspace.role}. Documents you share with your partner and counselor are below.
        </Notice>
      )}
      <LiveSessionCard />
      <div className={`workspace__grid${inviteFirst ? ' workspace__grid--invite-first' : ''}`}>
        {/* On a phone the grid is one column, read in this order: a counselor with inviting to do
            gets the people and invites first, so Tab and the eye go the same way. */}
        {inviteFirst ? (
          <>
            {side}
            {main}
          </>
        ) : (
          <>
            {main}
            {side}
          </>
        )}
      </div>
    </div>
  );
}
