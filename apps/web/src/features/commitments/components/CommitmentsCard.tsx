import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';

/** On the workspace page: the way to the week's commitments. Says nothing of anyone's check-ins. */
export function CommitmentsCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  return (
    <section className="card" aria-labelledby="commitments-card-title">
      <h2 id="commitments-card-title" className="card__title">
        Commitments
      </h2>
      <p className="muted">
        {role === 'partner'
          ? 'What you will do for an item of your agreement, and a quiet check-in on how it went.'
          : 'Each partner’s commitments and their weeks.'}
      </p>
      <Link to={`/workspaces/${encodeURIComponent(workspaceId)}/commitments`} className="button button--secondary button--small">
        {role === 'partner' ? 'Your week' : 'Each person’s week'}
      </Link>
    </section>
  );
}
