import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import {
  can,
  colorFromId,
  DOCUMENT_KIND_INFO,
  SyncCloseCode,
  type AccountView,
  type DocumentView,
  type Role,
} from '@kinship/domain';
import { fetchDocument, updateDocument } from '../../features/documents/api';
import { DocumentNotAvailable } from '../../features/documents/components/DocumentNotAvailable';
import { RenameDocumentForm } from '../../features/documents/components/RenameDocumentForm';
import { KIND_SINGULAR } from '../../features/documents/kind-labels';
import { useAccount, useAccountState } from '../../features/auth/hooks/useAccount';
import { forgetLocalCopy } from '../../features/editor/local-copy';
import { CollaborationSession, type PresenceUser } from '../../features/editor/collaboration-session';
import { CollaborativeEditor } from '../../features/editor/components/CollaborativeEditor';
import { SaveStatus } from '../../features/editor/components/SaveStatus';
import { PresenceList } from '../../features/presence/components/PresenceList';
import { TypingIndicator } from '../../features/presence/components/TypingIndicator';
import { usePresence } from '../../features/presence/hooks/usePresence';
import { useTypingSignal } from '../../features/presence/hooks/useTypingSignal';
import { Button } from '../../ui/Button';
import { ArrowLeftIcon, LockIcon } from '../../ui/icons';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { errorMessage } from '../../shared/http';
import { useDocumentAccess } from '../../features/documents/hooks/useDocumentAccess';

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
  const user = useMemo<PresenceUser>(
    () => ({ name: account.displayName, color: colorFromId(account.id), role, accountId: account.id }),
    [account.displayName, account.id, role],
  );
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [refused, setRefused] = useState(false);
  // The session outlives renders; it reports changes through the latest callback.
  const latestOnChanged = useRef(onChanged);
  useEffect(() => {
    latestOnChanged.current = onChanged;
  }, [onChanged]);
  const { signedOut } = useAccountState();

  // One session per document and access: restoring an archived document reconnects, so the
  // server's write permission is decided afresh.
  useEffect(() => {
    const opened = new CollaborationSession({
      documentId: document.id,
      user,
      onRefused: (code) => {
        if (code === SyncCloseCode.unauthenticated) {
          // The session ended (logged out elsewhere, or expired): ask to log in, then come back.
          signedOut();
        } else if (code === SyncCloseCode.forbidden || code === SyncCloseCode.notFound) {
          void forgetLocalCopy(user.accountId, document.id);
          setRefused(true);
        }
      },
      // The server stopped taking edits (archived meanwhile): show the document as it now is.
      onEditsRefused: () => {
        fetchDocument(document.id).then((updated) => latestOnChanged.current(updated), () => undefined);
      },
    });
    setSession(opened);
    return () => opened.destroy();
  }, [document.id, document.archived, user, signedOut]);

  if (refused) return <DocumentNotAvailable workspaceId={document.workspaceId} />;

  const info = DOCUMENT_KIND_INFO[document.kind];
  const editable = can({ role }, { type: 'document.write', document });
  const mayArchive = can({ role }, { type: 'document.archive', document });

  return (
    <article className="document-page" aria-labelledby="document-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={`/workspaces/${document.workspaceId}`}>
          <ArrowLeftIcon /> {workspaceName}
        </Link>
      </nav>
      <header className="document-header">
        <div className="document-header__title">
          <p className="document-header__kind">
            {info.counselorOnly && <LockIcon />}
            {KIND_SINGULAR[document.kind].charAt(0).toUpperCase() + KIND_SINGULAR[document.kind].slice(1)}
            {info.counselorOnly && <span className="badge badge--private">Private</span>}
            {document.archived && <span className="badge">Archived</span>}
          </p>
          <DocumentTitle document={document} role={role} onChanged={onChanged} />
        </div>
        {session && <SaveStatus tracker={session.saves} />}
      </header>
      {info.counselorOnly && (
        <Notice tone="private" title="Private to you">
          Only you, the counselor, can see this note. Partners never receive it, not even its title.
        </Notice>
      )}
      {document.archived && (
        <ArchivedNotice document={document} mayRestore={mayArchive} onChanged={onChanged} />
      )}
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
  user: PresenceUser;
  editable: boolean;
  title: string;
}) {
  const awareness = session.provider.awareness;
  const people = usePresence(awareness);
  const typing = useTypingSignal(awareness);
  return (
    <div className="document-layout">
      <div className="document-layout__side">
        <PresenceList people={people} />
      </div>
      <div className="document-layout__main">
        <TypingIndicator people={people} />
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

function DocumentTitle({
  document,
  role,
  onChanged,
}: {
  document: DocumentView;
  role: Role;
  onChanged: (document: DocumentView) => void;
}) {
  const [editing, setEditing] = useState(false);
  const mayRename = can({ role }, { type: 'document.rename', document });

  if (editing) {
    return (
      <RenameDocumentForm
        document={document}
        label="Title"
        className="title-form"
        onRenamed={(updated) => {
          onChanged(updated);
          setEditing(false);
        }}
        onCancel={() => setEditing(false)}
      >
        <h1 id="document-title" className="visually-hidden">
          {document.title}
        </h1>
      </RenameDocumentForm>
    );
  }
  return (
    <div className="document-header__name">
      <h1 id="document-title">{document.title}</h1>
      {mayRename && (
        <Button size="small" variant="quiet" onClick={() => setEditing(true)} aria-label={`Rename “${document.title}”`}>
          Rename
        </Button>
      )}
    </div>
  );
}

function ArchivedNotice({
  document,
  mayRestore,
  onChanged,
}: {
  document: DocumentView;
  mayRestore: boolean;
  onChanged: (document: DocumentView) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function restore() {
    setBusy(true);
    setError(null);
    try {
      onChanged(await updateDocument(document.id, { archived: false }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  return (
    <Notice tone="info" title="This document is archived">
      <p>It is kept exactly as it was, so it can't be changed. {mayRestore && 'Restore it to edit it again.'}</p>
      {mayRestore && (
        <Button onClick={restore} busy={busy} busyLabel="Restoring…">
          Restore document
        </Button>
      )}
      {error && <p className="field__error">{error}</p>}
    </Notice>
  );
}
