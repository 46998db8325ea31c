import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import type { DocumentView, MemberView, PresenceIdentity } from '@kinship/domain/wire';
import type { DocumentConnection } from '../../editor/document-connection';
import { CollaborativeEditor } from '../../editor/components/CollaborativeEditor';
import { LiveDocumentLayout } from '../../live-session/components/LiveDocumentLayout';
import type { LiveWriteHold } from '../../live-session/hooks/useLiveWriteHold';
import { PresenceList } from '../../presence/components/PresenceList';
import { TypingIndicator } from '../../presence/components/TypingIndicator';
import { usePresence } from '../../presence/hooks/usePresence';
import { useTypingSignal } from '../../presence/hooks/useTypingSignal';

/** The open document's text with who is here and who is typing, as the live session arranges it. */
export function DocumentText({
  connection,
  user,
  editable,
  live,
  document,
  members,
}: {
  connection: DocumentConnection;
  user: PresenceIdentity;
  editable: boolean;
  live: LiveWriteHold;
  document: DocumentView;
  members: MemberView[] | undefined;
}) {
  const presence = usePresence(connection.provider);
  const typing = useTypingSignal(connection.provider.awareness);
  const [editor, setEditor] = useState<Editor | null>(null);
  return (
    <LiveDocumentLayout
      live={live}
      connection={connection}
      documentId={document.id}
      editor={editor}
      presence={<PresenceList view={presence} />}
    >
      <TypingIndicator people={presence.live ? presence.people : []} />
      <CollaborativeEditor
        connection={connection}
        user={user}
        editable={editable}
        title={document.title}
        onLocalEdit={typing.typed}
        onBlur={typing.stopped}
        onEditor={setEditor}
        kind={document.kind === 'proposal' ? 'agreement' : document.kind}
        documentId={document.id}
        members={members}
      />
    </LiveDocumentLayout>
  );
}
