import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';
import { useSafetyAlerts } from '../hooks';
import { safetyOverviewQuery } from '../queries';
import '../safety.css';

/**
 * On the workspace page. A partner's way is a quiet link that says the same whatever anyone did
 * (no badge, no count). The counselor's card counts the alerts waiting for them, kept up to date live.
 */
export function SafetyLink({ workspaceId }: { workspaceId: string }) {
  return (
    <p className="safety-link">
      <Link to={`/workspaces/${workspaceId}/safety`}>Talk to your counselor privately</Link>
    </p>
  );
}

export function SafetyCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  if (role !== 'counselor') return null;
  return <CounselorSafetyCard workspaceId={workspaceId} />;
}

function CounselorSafetyCard({ workspaceId }: { workspaceId: string }) {
  useSafetyAlerts(workspaceId, true);
  const { data } = useQuery(safetyOverviewQuery(workspaceId));
  const waiting = data?.alerts.filter((a) => a.seenAt === null).length ?? 0;
  return (
    <section className="card" aria-labelledby="safety-card-title">
      <h2 id="safety-card-title" className="card__title">
        Safety channel{' '}
        {waiting > 0 && (
          <span className="safety__badge">
            {waiting} new<span className="visually-hidden"> {waiting === 1 ? 'alert' : 'alerts'}</span>
          </span>
        )}
      </h2>
      <p className="muted">Each partner’s private safety answers and messages to you; the pause of joint work.</p>
      <Link to={`/workspaces/${workspaceId}/safety`} className="button button--secondary button--small">
        Open the safety channel
      </Link>
    </section>
  );
}
