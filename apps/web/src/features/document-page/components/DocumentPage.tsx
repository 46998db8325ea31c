import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Navigate, useParams } from 'react-router-dom';
import { can, colorFromId, DOCUMENT_KIND_INFO, type Role } from '@kinship/domain/rules';
import { isStorageLimitReason, type AccountView, type DocumentView, type PresenceIdentity } from '@kinship/domain/wire';
import { loginEnded } from '../../auth/api';
import { useAccount } from '../../auth/hooks/useAccount';
import { AgreementPanel } from '../../agreements/components/AgreementPanel';
import { agreementQuery } from '../../agreements/queries';
import { fetchDocument } from '../../documents/api';
import { ArchivedNotice } from '../../documents/components/ArchivedNotice';
import { DocumentActivityLine } from '../../documents/components/DocumentActivityLine';
import { DocumentNotAvailable } from '../../documents/components/DocumentNotAvailable';
import { DocumentTitle } from '../../documents/components/DocumentTitle';
import { useArchivedWithAgreement } from '../../documents/hooks/useArchivedWithAgreement';
import { useDocumentAccess } from '../../documents/hooks/useDocumentAccess';
import { SaveStatus } from '../../editor/components/SaveStatus';
import { useDocumentConnection } from '../../editor/hooks/useDocumentConnection';
import { HistoryPanel } from '../../history/components/HistoryPanel';
import { LateEditNotice } from '../../live-session/components/LateEditNotice';
import { useLiveWriteHold } from '../../live-session/hooks/useLiveWriteHold';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { workspaceQuery } from '../../workspaces/queries';
import { useJointWork } from '../../safety/hooks';
import { DocumentText } from './DocumentText';

/** /workspaces/:workspaceId/documents/:documentId (and /documents/:documentId). */
export default function DocumentPage() {
  const { documentId = '', workspaceId } = useParams();
  const account = useAccount();
  const { state: access, retry, changed } = useDocumentAccess(documentId, account.id, workspaceId);

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
  // The live session may hold the writing for now (locked, paused, someone else has the floor).
  const live = useLiveWriteHold(account.id, role, document.id);
  // The counselor may have paused joint work: shared documents are read-only for everyone meanwhile.
  const jointWork = useJointWork(document.workspaceId);
  // Restored (here or elsewhere): the document takes edits again, and the old news is dropped.
  const [wasArchived, setWasArchived] = useState(document.archived);
  if (wasArchived !== document.archived) {
    setWasArchived(document.archived);
    if (!document.archived) setTakenBack(null);
  }
  const agreement = useQuery({ ...agreementQuery(document.id), enabled: document.kind === 'agreement' });
  useArchivedWithAgreement(document, agreement.data?.archived, onChanged);
  // The document's sync connection: its text, this device's copy, the saves.
  const { connection, notAvailable } = useDocumentConnection({
    documentId: document.id,
    user,
    // Restoring an archived document reconnects, so the server decides write permission afresh.
    permissionKey: document.archived ? 'archived' : 'active',
    onLoginEnded: () => void loginEnded(),
    // The server stopped taking this person's edits (archived meanwhile): they are taken back;
    // show the document as it now is, read-only, and say so once.
    onEditsRefused: async (reason) => {
      // In a live session the refusal is the moderation (a lock or pause met the words on their
      // way): the hold keeps the editor read-only while it lasts, and no longer.
      if (!live.editsRefused()) setTakenBack(reason !== null && isStorageLimitReason(reason) ? reason : '');
      onChanged(await fetchDocument(document.id));
    },
  });

  if (notAvailable) return <DocumentNotAvailable workspaceId={document.workspaceId} />;

  const info = DOCUMENT_KIND_INFO[document.kind];
  // An agreement with a version in force (or a draft asked to be accepted) is changed through proposals.
  const agreementKnown = document.kind !== 'agreement' || agreement.data !== undefined || agreement.error !== null;
  const sealed = agreement.data?.sealed ?? false;
  const inForce = agreement.data?.inForce ?? null;
  const editable = can({ role, jointWorkPaused: jointWork?.paused }, { type: 'document.write', document: { ...document, sealed } }) && takenBack === null && live.hold === null;

  return (
    <article className="document-page" aria-labelledby="document-title">
      <PageHeader
        back={{ to: `/workspaces/${document.workspaceId}`, label: workspaceName }}
        heading={<DocumentTitle document={document} role={role} onChanged={onChanged} />}
        actions={
          <>
            {connection && <SaveStatus tracker={connection.saves} readOnly={!editable} />}
            <Button size="small" variant="secondary" onClick={() => setHistoryOpen((open) => !open)} aria-expanded={historyOpen}>
              History
            </Button>
          </>
        }
      />
      <DocumentActivityLine document={document} />
      {historyOpen && <HistoryPanel documentId={document.id} onClose={() => setHistoryOpen(false)} />}
      {live.lateEdit && <LateEditNotice />}
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
      {inForce || !agreementKnown ? null : connection ? (
        <DocumentText connection={connection} user={user} editable={editable} live={live} document={document} members={workspace?.members} />
      ) : (
        <Loading label="Opening the document…" />
      )}
      {document.kind === 'agreement' && <AgreementPanel agreementId={document.id} workspaceId={document.workspaceId} account={account} role={role} />}
    </article>
  );
}
