import { useMemo, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { can, colorFromId, DOCUMENT_KIND_INFO, type AccountView, type DocumentView, type PresenceIdentity, type Role } from '@kinship/domain';
import { useAccount, useAccountState } from '../../features/auth/hooks/useAccount';
import { fetchDocument } from '../../features/documents/api';
import { ArchivedNotice } from '../../features/documents/components/ArchivedNotice';
import { DocumentNotAvailable } from '../../features/documents/components/DocumentNotAvailable';
import { DocumentTitle } from '../../features/documents/components/DocumentTitle';
import { useDocumentAccess } from '../../features/documents/hooks/useDocumentAccess';
import type { CollaborationSession } from '../../features/editor/collaboration-session';
import { CollaborativeEditor } from '../../features/editor/components/CollaborativeEditor';
import { SaveStatus } from '../../features/editor/components/SaveStatus';
import { useCollaborationSession } from '../../features/editor/hooks/useCollaborationSession';
import { PresenceList } from '../../features/presence/components/PresenceList';
import { TypingIndicator } from '../../features/presence/components/TypingIndicator';
import { usePresence } from '../../features/presence/hooks/usePresence';
import { useTypingSignal } from '../../features/presence/hooks/useTypingSignal';
import { errorMessage } from '../../shared/http';
import { Button } from '../../ui/Button';
import { ArrowLeftIcon } from '../../ui/icons';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useDocumentTitle } from '../../ui/useDocumentTitle';

/** /workspaces/:workspaceId/documents/:documentId (and /documents/:documentId). */
export default function DocumentPage() {
  const { documentId = '', workspaceId } = useParams();
  const account = useAccount();
  const { state: access, retry, changed } = useDocumentAccess(documentId, account.id);

  if (access.status === 'checking') {
    return <Loading label="Opening the document…" />;
  }
  if (access.status === 'not-available') {
    return <DocumentNotAvailable workspaceId={workspaceId} />;
  }
  if (access.status === 'error') {
    return (
      <Notice tone="error" title="The document could not be opened">
        <p>{errorMessage(access.error)}</p>
        <Button onClick={retry}>Try again</Button>
      </Notice>
    );
  }
  const document = access.access.document;
  if (workspaceId !== document.workspaceId) {
    return <Navigate to={`/workspaces/${document.workspaceId}/documents/${document.id}`} replace />;
  }
  return (
    <OpenDocument
      key={document.id}
      account={account}
      document={document}
      role={access.access.role}
      workspaceName={access.access.workspaceName}
      onChanged={changed}
    />
  );
}

interface OpenDocumentProps {
  account: AccountView;
  document: DocumentView;
  role: Role;
  workspaceName: string;
  onChanged: (document: DocumentView) => void;
}

function OpenDocument({ account, document, role, workspaceName, onChanged }: OpenDocumentProps) {
  useDocumentTitle(document.title);
  const { signedOut } = useAccountState();
  const user = useMemo<PresenceIdentity>(
    () => ({ name: account.displayName, color: colorFromId(account.id), role, accountId: account.id }),
    [account.displayName, account.id, role],
  );
  const [takenBack, setTakenBack] = useState(false);
  // Restored (here or elsewhere): the document takes edits again, and the old news is dropped.
  const [wasArchived, setWasArchived] = useState(document.archived);
  if (wasArchived !== document.archived) {
    setWasArchived(document.archived);
    if (!document.archived) setTakenBack(false);
  }
  const { session, notAvailable } = useCollaborationSession({
    documentId: document.id,
    user,
    // Restoring an archived document reconnects, so the server decides write permission afresh.
    permissionKey: document.archived ? 'archived' : 'active',
    onSessionEnded: signedOut,
    // The server stopped taking this person's edits (archived meanwhile): they are taken back;
    // show the document as it now is, read-only, and say so once.
    onEditsRefused: async () => {
      setTakenBack(true);
      onChanged(await fetchDocument(document.id));
    },
  });

  if (notAvailable) return <DocumentNotAvailable workspaceId={document.workspaceId} />;

  const info = DOCUMENT_KIND_INFO[document.kind];
  const editable = can({ role }, { type: 'document.write', document }) && !takenBack;

  return (
    <article className="document-page" aria-labelledby="document-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={`/workspaces/${document.workspaceId}`}>
          <ArrowLeftIcon /> {workspaceName}
        </Link>
      </nav>
      <header className="document-header">
        <DocumentTitle document={document} role={role} onChanged={onChanged} />
        {session && <SaveStatus tracker={session.saves} readOnly={!editable} />}
      </header>
      {takenBack && (
        <Notice tone="info" live className="taken-back">
          Your last change wasn't saved: this document can't be edited now. It's shown as it is.
        </Notice>
      )}
      {info.counselorOnly && (
        <Notice tone="private" title="Private to you">
          Only you, the counselor, can see this note. Partners never receive it, not even its title.
        </Notice>
      )}
      {document.archived && <ArchivedNotice document={document} role={role} onChanged={onChanged} />}
      {session ? (
        <LiveDocument session={session} user={user} editable={editable} title={document.title} />
      ) : (
        <Loading label="Opening the document…" />
      )}
    </article>
  );
}

function LiveDocument({
  session,
  user,
  editable,
  title,
}: {
  session: CollaborationSession;
  user: PresenceIdentity;
  editable: boolean;
  title: string;
}) {
  const presence = usePresence(session.provider);
  const typing = useTypingSignal(session.provider.awareness);
  return (
    <div className="document-layout">
      <div className="document-layout__side">
        <PresenceList view={presence} />
      </div>
      <div className="document-layout__main">
        <TypingIndicator people={presence.live ? presence.people : []} />
        <CollaborativeEditor
          session={session}
          user={user}
          editable={editable}
          title={title}
          onLocalEdit={typing.typed}
          onBlur={typing.stopped}
        />
      </div>
    </div>
  );
}
