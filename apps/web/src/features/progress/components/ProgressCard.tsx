import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';

/** On the workspace page: the way to Progress. It says the same whatever anyone answered or checked in on. */
export function ProgressCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const counselor = role === 'counselor';
  return (
    <section className="card" aria-labelledby="progress-card-title">
      <h2 id="progress-card-title" className="card__title">
        Progress over weeks
      </h2>
      <p className="muted">
        {counselor
          ? 'Both partners’ check-ins and commitments side by side, week by week, with session dates marked.'
          : 'Your own check-ins and commitments, week by week. Your partner does not see them.'}
      </p>
      <Link to={`/workspaces/${workspaceId}/progress`} className="button button--secondary button--small">
        Open progress
      </Link>
    </section>
  );
}
