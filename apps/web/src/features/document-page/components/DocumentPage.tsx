import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { Link, Navigate, useParams } from 'react-router-dom';
import {
  can,
  colorFromId,
  DOCUMENT_KIND_INFO,
  isStorageLimitReason,
  liveWriteHold,
  type AccountView,
  type DocumentView,
  type MemberView,
  type PresenceIdentity,
  type Role,
  type WriteHold,
} from '@kinship/domain';
import { sessionEnded } from '../../auth/api';
import { useAccount } from '../../auth/hooks/useAccount';
import { AgreementPanel } from '../../agreements/components/AgreementPanel';
import { agreementQuery } from '../../agreements/queries';
import { fetchDocument } from '../../documents/api';
import { ArchivedNotice } from '../../documents/components/ArchivedNotice';
import { DocumentActivityLine } from '../../documents/components/DocumentActivityLine';
import { DocumentNotAvailable } from '../../documents/components/DocumentNotAvailable';
import { DocumentTitle } from '../../documents/components/DocumentTitle';
import { useDocumentAccess } from '../../documents/hooks/useDocumentAccess';
import type { CollaborationSession } from '../../editor/collaboration-session';
import { CollaborativeEditor } from '../../editor/components/CollaborativeEditor';
import { SaveStatus } from '../../editor/components/SaveStatus';
import { useCollaborationSession } from '../../editor/hooks/useCollaborationSession';
import { caretPosition, placeCaret } from '../../editor/positions';
import { HistoryPanel } from '../../history/components/HistoryPanel';
import { FloorPanel } from '../../live-session/components/FloorPanel';
import { SessionBar } from '../../live-session/components/SessionBar';
import { WriteHoldNotice } from '../../live-session/components/WriteHoldNotice';
import { useLiveSession } from '../../live-session/live-session-context';
import { PresenceList } from '../../presence/components/PresenceList';
import { TypingIndicator } from '../../presence/components/TypingIndicator';
import { usePresence } from '../../presence/hooks/usePresence';
import { useTypingSignal } from '../../presence/hooks/useTypingSignal';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ArrowLeftIcon } from '../../../ui/icons';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { workspaceQuery } from '../../workspaces/queries';

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
  useDocumentTitle('Document');
  const user = useMemo<PresenceIdentity>(
    () => ({ name: account.displayName, color: colorFromId(account.id), role, accountId: account.id }),
    [account.displayName, account.id, role],
  );
  /** Set once the server refused this person's last change: its words when they are for people (a storage limit), else ''. */
  const [takenBack, setTakenBack] = useState<string | null>(null);
  // The workspace's members (cached by the workspace layout): an agreement item may bind one partner.
  const { data: workspace } = useQuery(workspaceQuery(document.workspaceId));
  const [historyOpen, setHistoryOpen] = useState(false);
  const live = useLiveSession();
  const liveSession = live?.state.session ?? null;
  // The live session may hold the writing for now (locked, paused, someone else has the floor).
  const hold = liveWriteHold({ accountId: account.id, role }, document.id, liveSession);
  // Words typed a moment before a hold reached this screen were refused by the server: said
  // gently, and forgotten once the hold lifts.
  const [lateEdit, setLateEdit] = useState(false);
  const [heldBefore, setHeldBefore] = useState(hold !== null);
  if (heldBefore !== (hold !== null)) {
    setHeldBefore(hold !== null);
    if (hold === null) setLateEdit(false);
  }
  const liveNow = useRef(liveSession !== null);
  useEffect(() => {
    liveNow.current = liveSession !== null;
  });
  // Restored (here or elsewhere): the document takes edits again, and the old news is dropped.
  const [wasArchived, setWasArchived] = useState(document.archived);
  if (wasArchived !== document.archived) {
    setWasArchived(document.archived);
    if (!document.archived) setTakenBack(null);
  }
  const agreement = useQuery({ ...agreementQuery(document.id), enabled: document.kind === 'agreement' });
  useArchivedWithAgreement(document, agreement.data?.archived, onChanged);
  const { session, notAvailable } = useCollaborationSession({
    documentId: document.id,
    user,
    // Restoring an archived document reconnects, so the server decides write permission afresh.
    permissionKey: document.archived ? 'archived' : 'active',
    onSessionEnded: () => void sessionEnded(),
    // The server stopped taking this person's edits (archived meanwhile): they are taken back;
    // show the document as it now is, read-only, and say so once.
    onEditsRefused: async (reason) => {
      // In a live session the refusal is the moderation (a lock or pause met the words on their
      // way): the hold keeps the editor read-only while it lasts, and no longer.
      if (liveNow.current) setLateEdit(true);
      else setTakenBack(reason !== null && isStorageLimitReason(reason) ? reason : '');
      onChanged(await fetchDocument(document.id));
    },
  });

  if (notAvailable) return <DocumentNotAvailable workspaceId={document.workspaceId} />;

  const info = DOCUMENT_KIND_INFO[document.kind];
  // An agreement with a version in force (or a draft asked to be accepted) is changed through proposals.
  const agreementKnown = document.kind !== 'agreement' || agreement.data !== undefined || agreement.error !== null;
  const sealed = agreement.data?.sealed ?? false;
  const inForce = agreement.data?.inForce ?? null;
  const editable = can({ role }, { type: 'document.write', document: { ...document, sealed } }) && takenBack === null && hold === null;
  const onDialogue = liveSession !== null && liveSession.dialogueDocumentId === document.id;

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
        <Button size="small" variant="secondary" onClick={() => setHistoryOpen((open) => !open)} aria-expanded={historyOpen}>
          History
        </Button>
      </header>
      <DocumentActivityLine document={document} />
      {historyOpen && <HistoryPanel documentId={document.id} onClose={() => setHistoryOpen(false)} />}
      {lateEdit && (
        <Notice tone="info" live className="taken-back">
          Your last words reached Kinship just as this document became read-only, so they weren't kept.
        </Notice>
      )}
      {takenBack !== null && (
        <Notice tone="info" live className="taken-back">
          {takenBack || "Your last change wasn't saved: this document can't be edited now. It's shown as it is."}
        </Notice>
      )}
      {info.counselorOnly && (
        <Notice tone="private" title="Private to you">
          Only you, the counselor, can see this note. Partners never receive it, not even its title.
        </Notice>
      )}
      {document.archived && <ArchivedNotice document={document} role={role} onChanged={onChanged} />}
      {sealed && agreementKnown && !inForce && (
        <Notice tone="info">Both partners are asked to accept this draft: changes are made in the open proposal until then.</Notice>
      )}
      {/* An agreement's editor waits until it is known whether a version is in force, so it neither flips to read-only nor moves. */}
      {inForce || !agreementKnown ? null : session ? (
        <LiveDocument
          session={session}
          user={user}
          documentId={document.id}
          editable={editable}
          hold={hold}
          inLiveSession={liveSession !== null}
          onDialogue={onDialogue}
          title={document.title}
          document={document}
          members={workspace?.members}
        />
      ) : (
        <Loading label="Opening the document…" />
      )}
      {document.kind === 'agreement' && <AgreementPanel agreementId={document.id} workspaceId={document.workspaceId} account={account} role={role} />}
    </article>
  );
}

function LiveDocument({
  session,
  user,
  documentId,
  editable,
  hold,
  inLiveSession,
  onDialogue,
  title,
  document,
  members,
}: {
  session: CollaborationSession;
  user: PresenceIdentity;
  documentId: string;
  editable: boolean;
  hold: WriteHold | null;
  inLiveSession: boolean;
  onDialogue: boolean;
  title: string;
  document: DocumentView;
  members: MemberView[] | undefined;
}) {
  const presence = usePresence(session.provider);
  const typing = useTypingSignal(session.provider.awareness);
  const [editor, setEditor] = useState<Editor | null>(null);
  useBringHere(session, documentId, editor);
  return (
    <>
      {inLiveSession && <SessionBar documentId={documentId} caretPosition={() => (editor ? caretPosition(editor) : null)} />}
      <div className="document-layout">
        {/* In a live session, the session bar above says who is here (and where everyone else is). */}
        {!inLiveSession && (
          <div className="document-layout__side">
            <PresenceList view={presence} />
          </div>
        )}
        {onDialogue && (
          <div className="document-layout__floor">
            <FloorPanel />
          </div>
        )}
        <div className="document-layout__main">
          {inLiveSession && <WriteHoldNotice hold={hold} />}
          <TypingIndicator people={presence.live ? presence.people : []} />
          <CollaborativeEditor
            session={session}
            user={user}
            editable={editable}
            title={title}
            onLocalEdit={typing.typed}
            onBlur={typing.stopped}
            onEditor={setEditor}
            kind={document.kind === 'proposal' ? 'agreement' : document.kind}
            documentId={document.id}
            members={members}
          />
        </div>
      </div>
    </>
  );
}

/**
 * An agreement is archived by both partners on its own page (one asks, the other confirms): once
 * the agreement says it is archived (or restored), this page reads the document again, so both
 * open pages say so, not only the one that confirmed.
 */
function useArchivedWithAgreement(document: DocumentView, agreementArchived: boolean | undefined, onChanged: (document: DocumentView) => void) {
  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  });
  useEffect(() => {
    if (agreementArchived === undefined || agreementArchived === document.archived) return;
    let current = true;
    fetchDocument(document.id).then(
      (fresh) => current && changed.current(fresh),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [agreementArchived, document.archived, document.id]);
}

/**
 * "Bring everyone here" landing on this document: once the document is synced, the caret goes
 * where the counselor's is, and the page scrolls to it. (Another document is opened first by
 * the live session's BringHereFollower.)
 */
function useBringHere(session: CollaborationSession, documentId: string, editor: Editor | null) {
  const live = useLiveSession();
  const pending = live?.state.bringHere ?? null;
  const brought = live?.brought;
  useEffect(() => {
    if (!pending || !brought || !editor || pending.documentId !== documentId) return;
    // Someone not in the session is not moved (BringHereFollower lets it go).
    if (!live?.state.session?.participantIds.includes(live.me.accountId)) return;
    const { provider } = session;
    const place = () => {
      if (pending.position && !editor.isDestroyed) {
        // Keep the focus where the person is writing (a mirror, say); otherwise into the text.
        const active = window.document.activeElement;
        const typingElsewhere = active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement;
        if (placeCaret(editor, pending.position) && !typingElsewhere) editor.commands.focus(undefined, { scrollIntoView: false });
      }
      brought(pending.nonce, true);
    };
    if (provider.synced) {
      place();
      return;
    }
    const onSync = (synced: boolean) => {
      if (synced) place();
    };
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [pending, brought, editor, documentId, session, live]);
}
