import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { can, DOCUMENT_KIND_INFO, visibleKinds, type Role } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { LockIcon, PlusIcon } from '../../../ui/icons';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { useDocuments } from '../hooks/useDocuments';
import { fetchWorkspaceDocumentActivity } from '../api';
import { documentKeys, useDocumentChanged } from '../queries';
import { CreateDocumentForm } from './CreateDocumentForm';
import { DocumentRow } from './DocumentRow';
import './documents.css';

export interface DocumentsSectionProps {
  workspaceId: string;
  role: Role;
}

/** The workspace's documents, grouped by kind, with archived ones kept apart and restorable. */
export function DocumentsSection({ workspaceId, role }: DocumentsSectionProps) {
  const navigate = useNavigate();
  const { documents, error, isPending, refetch } = useDocuments(workspaceId, role);
  const documentChanged = useDocumentChanged();
  // Who last renamed, archived or restored each document: read again whenever a title or an
  // archived state in the list changes, here or from elsewhere.
  const signature = (documents ?? []).map((d) => `${d.id}:${d.title}:${d.archived}`).join('|');
  const activity = useQuery({
    queryKey: [...documentKeys.workspaceActivity(workspaceId), signature],
    queryFn: ({ signal }) => fetchWorkspaceDocumentActivity(workspaceId, signal),
  });
  const latestActivity = useMemo(() => new Map((activity.data ?? []).map((a) => [a.documentId, a])), [activity.data]);
  const [creating, setCreating] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const kinds = visibleKinds(role).filter((kind) => can({ role }, { type: 'document.create', kind }));

  function changed(updated: DocumentView, before: DocumentView) {
    documentChanged(updated);
    if (updated.archived !== before.archived) {
      setAnnouncement(
        updated.archived
          ? `“${updated.title}” is archived. You can restore it from Archived documents.`
          : `“${updated.title}” is restored.`,
      );
    } else if (updated.title !== before.title) {
      setAnnouncement(`Renamed to “${updated.title}”.`);
    }
  }

  const active = documents?.filter((d) => !d.archived) ?? [];
  const archived = documents?.filter((d) => d.archived) ?? [];

  return (
    <section className="documents" aria-labelledby="documents-title">
      <div className="section-heading">
        <h2 id="documents-title">Documents</h2>
        {!creating && kinds.length > 0 && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            <PlusIcon /> New document
          </Button>
        )}
      </div>
      {creating && (
        <CreateDocumentForm
          workspaceId={workspaceId}
          kinds={kinds}
          initialKind={kinds[0]!}
          onCancel={() => setCreating(false)}
          onCreated={(document) => {
            documentChanged(document);
            navigate(`/workspaces/${workspaceId}/documents/${document.id}`);
          }}
        />
      )}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {isPending && <Loading label="Loading documents…" />}
      {error && !documents && (
        <Notice tone="error" title="The documents could not be loaded">
          <p>{errorMessage(error)}</p>
          <Button onClick={() => void refetch()}>Try again</Button>
        </Notice>
      )}
      {documents &&
        visibleKinds(role).map((kind) => {
          const info = DOCUMENT_KIND_INFO[kind];
          const list = active.filter((d) => d.kind === kind);
          return (
            <section
              key={kind}
              className={['document-group panel', info.counselorOnly ? 'document-group--private' : ''].filter(Boolean).join(' ')}
              aria-labelledby={`group-${kind}`}
              data-kind={kind}
            >
              <h3 id={`group-${kind}`} className="document-group__title">
                {info.counselorOnly && <LockIcon />}
                {info.label}
                {info.counselorOnly && <span className="badge badge--private">Private</span>}
              </h3>
              <p className="document-group__purpose">{info.purpose}</p>
              {list.length === 0 ? (
                <p className="document-group__empty">Nothing here yet.</p>
              ) : (
                <ul className="document-list">
                  {list.map((document) => (
                    <DocumentRow key={document.id} document={document} role={role} activity={latestActivity.get(document.id)} onChanged={(u) => changed(u, document)} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      {archived.length > 0 && (
        <details className="archived">
          <summary>
            Archived documents <span className="archived__count">({archived.length})</span>
          </summary>
          <p className="document-group__purpose">
            Archived documents are kept exactly as they were and can't be changed. Restore one to edit it again.
          </p>
          <ul className="document-list">
            {archived.map((document) => (
              <DocumentRow key={document.id} document={document} role={role} activity={latestActivity.get(document.id)} onChanged={(u) => changed(u, document)} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
