import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';

/** On the workspace page: the way to a guided repair. */
export function RepairCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  return (
    <section className="card" aria-labelledby="repair-card-title">
      <h2 id="repair-card-title" className="card__title">
        Repair
      </h2>
      <p className="muted">
        {role === 'partner'
          ? 'After something hurtful: go through it together, step by step, in your own words. Take a break whenever you need one.'
          : 'Follow each step of the partners’ repairs, pause one, and unlock betrayal repair when the time is right.'}
      </p>
      <Link to={`/workspaces/${encodeURIComponent(workspaceId)}/repair`} className="button button--secondary button--small">
        {role === 'partner' ? 'Open repair' : 'The partners’ repair'}
      </Link>
    </section>
  );
}
