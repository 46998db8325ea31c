import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { checkInQuery } from '../queries';
import { CounselorCheckIn } from './CounselorCheckIn';
import { PartnerCheckIn } from './PartnerCheckIn';
import '../check-ins.css';

/**
 * /workspaces/:workspaceId/check-in: a partner's "Your check-in for this week", or the counselor's
 * questions, schedule and table of answers. Inside the workspace's layout, so the presence it
 * reports is the workspace page's own (no document): nobody can tell this page from that one.
 */
export default function CheckInPage() {
  const { workspaceId = '' } = useParams();
  // The tab title stays in the browser's history (after a quick exit too): it says 'Workspace', as the workspace page does.
  useDocumentTitle('Workspace');
  const workspace = useQuery(workspaceQuery(workspaceId));
  const view = useQuery(checkInQuery(workspaceId));
  const back = { to: `/workspaces/${workspaceId}`, label: workspace.data?.name ?? 'Back to the workspace' };

  if (workspace.isPending || view.isPending) return <Loading label="Opening the check-in…" />;
  if (!workspace.data || !view.data) {
    return (
      <Notice tone="error" title="The check-in could not be opened">
        <p>{errorMessage(workspace.error ?? view.error)}</p>
        <p>
          <Link to={back.to}>Back to the workspace</Link>
        </p>
      </Notice>
    );
  }
  const counselor = workspace.data.role === 'counselor';
  return (
    <div className="check-in">
      <PageHeader back={back} title={counselor ? 'Weekly check-in' : 'Your check-in for this week'}>
        <p className="muted">
          {counselor
            ? 'The questions both partners answer, and the day each week starts. Each partner’s answers reach you and nobody else.'
            : 'Answer as it really was. Your answers are yours and your counselor’s: your partner does not see them, or whether you answered, unless you choose to share one.'}
        </p>
      </PageHeader>
      {counselor ? <CounselorCheckIn workspaceId={workspaceId} view={view.data} /> : <PartnerCheckIn workspaceId={workspaceId} view={view.data} />}
    </div>
  );
}
