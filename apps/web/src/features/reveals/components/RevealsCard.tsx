import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';

/**
 * On the workspace page: the way to drafts revealed together. It says the same whatever anyone has
 * written or marked done (no count, no "waiting for your partner"), so it tells a partner nothing.
 */
export function RevealsCard({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const counselor = role === 'counselor';
  return (
    <section className="card" aria-labelledby="reveals-card-title">
      <h2 id="reveals-card-title" className="card__title">
        Said together
      </h2>
      <p className="muted">
        {counselor
          ? 'Give both partners a prompt. Each writes privately; when both are done, you reveal both answers to both at once.'
          : 'Your counselor’s prompts. You write yours privately: nobody reads it until you are both done and your counselor reveals both answers together.'}
      </p>
      <Link to={`/workspaces/${workspaceId}/reveals`} className="button button--secondary button--small">
        {counselor ? 'Open the prompts' : 'Your prompts'}
      </Link>
    </section>
  );
}
