import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { noLongerInKey, workspacesQuery } from '../queries';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';
import '../workspaces.css';

const ROLE_SENTENCE = { counselor: 'You are the counselor', partner: 'You are a partner' } as const;

export function DashboardPage({ displayName }: { displayName: string }) {
  useDocumentTitle('Your workspaces');
  const navigate = useNavigate();
  const { data: workspaces, error, isPending, refetch } = useQuery(workspacesQuery());
  const client = useQueryClient();
  // Workspaces this person was found to be no longer in while they had them open (memory only).
  const { data: noLongerIn = [] } = useQuery({ queryKey: noLongerInKey, queryFn: () => [] as string[], staleTime: Infinity, gcTime: Infinity });

  return (
    <div className="dashboard">
      <PageHeader title="Your workspaces">
        <p className="muted">Hello, {displayName}. Pick up where you left off.</p>
      </PageHeader>
      <div role="status">
        {noLongerIn.map((name) => (
          <Notice key={name} tone="info" title={`You are no longer in “${name}”.`}>
            <p>
              Your place in this workspace has ended, so it is no longer listed here. What Kinship kept of it on this device
              is deleted.
            </p>
            <Button size="small" onClick={() => client.setQueryData<string[]>(noLongerInKey, (names = []) => names.filter((n) => n !== name))}>
              Dismiss
            </Button>
          </Notice>
        ))}
      </div>
      <div className="dashboard__grid">
        <section aria-labelledby="workspace-list-title" className="dashboard__list">
          <h2 id="workspace-list-title" className="visually-hidden">
            Workspaces
          </h2>
          {isPending && <Loading label="Loading your workspaces…" />}
          {error && !workspaces && (
            <Notice tone="error" title="Your workspaces could not be loaded">
              <p>{errorMessage(error)}</p>
              <Button onClick={() => void refetch()}>Try again</Button>
            </Notice>
          )}
          {workspaces && workspaces.length === 0 && (
            <div className="card empty-state">
              <h3 className="card__title">No workspaces yet</h3>
              <p>
                If your counselor sent you an invite link, open it and you will land in your shared workspace. Counselors
                can start a workspace here.
              </p>
            </div>
          )}
          {workspaces && workspaces.length > 0 && (
            <ul className="workspace-list">
              {workspaces.map((workspace) => (
                <li key={workspace.id}>
                  <Link to={`/workspaces/${workspace.id}`} className="card workspace-card">
                    <span className="workspace-card__name">{workspace.name}</span>
                    <span className="workspace-card__role">{ROLE_SENTENCE[workspace.role]}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        {workspaces && workspaces.length > 0 && workspaces.every((w) => w.role === 'partner') ? (
          // Partners rarely start workspaces: keep the form out of the way, one click from reach.
          <details className="card dashboard__more">
            <summary>Are you a counselor? Start a workspace</summary>
            <CreateWorkspaceForm onCreated={(workspace) => navigate(`/workspaces/${workspace.id}`)} />
          </details>
        ) : (
          <aside className="card dashboard__create">
            <CreateWorkspaceForm onCreated={(workspace) => navigate(`/workspaces/${workspace.id}`)} />
          </aside>
        )}
      </div>
    </div>
  );
}
