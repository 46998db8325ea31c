import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../shared/http';
import { formatDateTime, formatLength } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { liveSessionsQuery } from '../queries';
import './session-record.css';

/** The workspace's live sessions, newest first, each linking to its record. A partner sees those they attended. */
export function SessionHistory({ workspaceId }: { workspaceId: string }) {
  const { data: sessions, error, isPending } = useQuery(liveSessionsQuery(workspaceId));
  const sorted = sessions ? [...sessions].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)) : [];
  return (
    <section className="card session-history" aria-labelledby="session-history-title">
      <h2 id="session-history-title" className="card__title">
        Session records
      </h2>
      {isPending && <Loading label="Loading sessions…" />}
      {error && !sessions && <p className="muted">{errorMessage(error)}</p>}
      {sessions && sorted.length === 0 && <p className="muted">No live sessions yet.</p>}
      {sorted.length > 0 && (
        <ul className="session-history__list">
          {sorted.map((session) => (
            <li key={session.id} className="session-history__item">
              <Link to={`/workspaces/${workspaceId}/sessions/${session.id}`} className="session-history__link">
                {formatDateTime(session.startedAt)}
              </Link>
              <span className="session-history__meta">
                {session.endedAt
                  ? `${formatLength(Date.parse(session.endedAt) - Date.parse(session.startedAt))} · ${session.participantIds.length} ${session.participantIds.length === 1 ? 'person' : 'people'}`
                  : 'Live now'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
