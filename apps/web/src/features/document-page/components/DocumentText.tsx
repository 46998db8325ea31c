import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { DocumentView, MemberView, PresenceIdentity, WriteHold } from '@kinship/domain';
import type { CollaborationSession } from '../../editor/collaboration-session';
import { CollaborativeEditor } from '../../editor/components/CollaborativeEditor';
import { caretPosition } from '../../editor/positions';
import { FloorPanel } from '../../live-session/components/FloorPanel';
import { SessionBar } from '../../live-session/components/SessionBar';
import { WriteHoldNotice } from '../../live-session/components/WriteHoldNotice';
import { useBringHere } from '../../live-session/hooks/useBringHere';
import { PresenceList } from '../../presence/components/PresenceList';
import { TypingIndicator } from '../../presence/components/TypingIndicator';
import { usePresence } from '../../presence/hooks/usePresence';
import { useTypingSignal } from '../../presence/hooks/useTypingSignal';
import './document-page.css';

/** The open document's text with who is here, and in a live session its bar, floor panel and hold. */
export function LiveDocument({
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
  // "Bring everyone here" landing on this document places the caret where the counselor's is.
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
