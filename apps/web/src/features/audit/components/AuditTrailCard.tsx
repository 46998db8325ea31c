import { Link } from 'react-router-dom';

/** On the workspace page, for the counselor: the way to the workspace's audit trail. */
export function AuditTrailCard({ workspaceId }: { workspaceId: string }) {
  return (
    <section className="card" aria-labelledby="audit-card-title">
      <h2 id="audit-card-title" className="card__title">
        Audit trail
      </h2>
      <p className="muted">Who opened or changed what, and when. Only you can see it.</p>
      <Link to={`/workspaces/${workspaceId}/audit`} className="button button--secondary button--small">
        Open the audit trail
      </Link>
    </section>
  );
}
