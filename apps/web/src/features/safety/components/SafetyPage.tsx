import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { safetyQuery } from '../queries';
import { CounselorSafety } from './CounselorSafety';
import { PartnerSafety } from './PartnerSafety';
import '../safety.css';

/**
 * /workspaces/:workspaceId/safety: a partner's private line to the counselor (safety questions, a
 * thread, the resources), or the counselor's alerts, pause, threads and settings. Inside the
 * workspace's layout, so the presence it reports is the workspace page's own: nobody can tell this
 * page from that one, and its tab title says "Workspace" too.
 */
export default function SafetyPage() {
  const { workspaceId = '' } = useParams();
  useDocumentTitle('Workspace');
  const workspace = useQuery(workspaceQuery(workspaceId));
  const view = useQuery(safetyQuery(workspaceId));
  const back = { to: `/workspaces/${workspaceId}`, label: workspace.data?.name ?? 'Back to the workspace' };

  if (workspace.isPending || view.isPending) return <Loading label="Opening…" />;
  if (!workspace.data || !view.data) {
    return (
      <Notice tone="error" title="This page could not be opened">
        <p>{errorMessage(workspace.error ?? view.error)}</p>
        <p>
          <Link to={back.to}>Back to the workspace</Link>
        </p>
      </Notice>
    );
  }
  const counselor = workspace.data.role === 'counselor';
  return (
    <div className="safety">
      <PageHeader back={back} title={counselor ? 'Safety channel' : 'Just you and your counselor'}>
        <p className="muted">
          {counselor
            ? 'Each partner’s safety answers and messages reach you and nobody else. Neither partner learns whether the other wrote or answered.'
            : 'What you answer or write here reaches your counselor and nobody else. Your partner cannot see it, or that you were here. “Exit” at the top leaves at once.'}
        </p>
      </PageHeader>
      {counselor ? <CounselorSafety workspaceId={workspaceId} view={view.data} /> : <PartnerSafety workspaceId={workspaceId} view={view.data} />}
    </div>
  );
}
