import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';

/**
 * On the workspace page: the way to the check-in. It says the same thing whatever anyone has
 * answered (no "due", no count, no badge), so it can never tell a partner about the other.
 */
export function CheckInCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const counselor = role === 'counselor';
  return (
    <section className="card" aria-labelledby="check-in-card-title">
      <h2 id="check-in-card-title" className="card__title">
        {counselor ? 'Weekly check-in' : 'Your check-in'}
      </h2>
      <p className="muted">
        {counselor
          ? 'Set the questions and the day each week starts. You see each partner’s answers; neither sees the other’s.'
          : 'A few questions each week. Your answers are yours and your counselor’s; your partner does not see them, or whether you answered, unless you share one.'}
      </p>
      <Link to={`/workspaces/${workspaceId}/check-in`} className="button button--secondary button--small">
        {counselor ? 'Open the check-in' : 'Your check-in for this week'}
      </Link>
    </section>
  );
}
