import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { can } from '@kinship/domain/rules';
import { SessionRecord, sessionSpan } from './SessionRecord';
import { ObservationsPanel, SummarySection } from './SessionNotes';
import { sessionRecordQuery } from '../queries';
import { workspaceQuery } from '../../workspaces/queries';
import { ApiError, errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { Breadcrumb, PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import './session-record.css';

/** /workspaces/:workspaceId/sessions/:sessionId: what happened in one live session. */
export default function SessionRecordPage() {
  const { workspaceId = '', sessionId = '' } = useParams();
  const { data: workspace } = useQuery(workspaceQuery(workspaceId));
  const { data: record, error, isPending } = useQuery(sessionRecordQuery(sessionId));
  useDocumentTitle('Session record');

  const back = { to: `/workspaces/${workspaceId}`, label: workspace?.name ?? 'Back to the workspace' };
  if (isPending) return <Loading label="Opening the session record…" />;
  if (!record || !workspace) {
    const missing = error instanceof ApiError && (error.status === 403 || error.status === 404);
    return (
      <div className="session-record">
        <Breadcrumb {...back} />
        <Notice tone={missing || !error ? 'info' : 'error'} title="This session record is not available">
          <p>{missing ? 'It does not exist, or you did not take part in this session.' : errorMessage(error)}</p>
        </Notice>
      </div>
    );
  }
  const role = workspace.role;
  const nameOf = (id: string) =>
    record.participants.find((p) => p.accountId === id)?.name ?? workspace.members.find((m) => m.accountId === id)?.displayName;
  const counselor = can({ role }, { type: 'session.moderate' });
  return (
    <article className="session-record" aria-labelledby="record-title">
      <PageHeader back={back} title="Session record" titleId="record-title">
        <p className="muted">{sessionSpan(record)}</p>
      </PageHeader>
      <div className="session-record__grid">
        <div className="session-record__main">
          <SummarySection record={record} editable={counselor && record.endedAt !== null} />
          <SessionRecord record={record} nameOf={nameOf} />
        </div>
        {/* Never rendered for a partner, so their page never requests the observations. */}
        {can({ role }, { type: 'session.observations' }) && (
          <aside className="session-record__side">
            <ObservationsPanel sessionId={record.id} />
          </aside>
        )}
      </div>
    </article>
  );
}
