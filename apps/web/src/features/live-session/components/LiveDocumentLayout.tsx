import type { ReactNode } from 'react';
import type { Editor } from '@tiptap/react';
import type { DocumentConnection } from '../../editor/document-connection';
import { caretPosition } from '../../editor/positions';
import type { LiveWriteHold } from '../hooks/useLiveWriteHold';
import { useBringHere } from '../hooks/useBringHere';
import { FloorPanel } from './FloorPanel';
import { SessionBar } from './SessionBar';
import { WriteHoldNotice } from './WriteHoldNotice';
import './live-document.css';

export interface LiveDocumentLayoutProps {
  /** How the workspace's live session holds this document's writing (useLiveWriteHold). */
  live: LiveWriteHold;
  /** The document's sync connection: "Bring everyone here" places the caret through it. */
  connection: DocumentConnection;
  documentId: string;
  /** The document's editor once it is there (for the counselor's caret and "Bring everyone here"). */
  editor: Editor | null;
  /** Who is here, beside the text outside a live session (in one, the session bar says it). */
  presence: ReactNode;
  /** The document's text. */
  children: ReactNode;
}

/**
 * An open document as the live session arranges it: the session bar above while one runs, the
 * floor panel beside the session's dialogue, and why the writing is held right above the text.
 * "Bring everyone here" landing on this document places the caret where the counselor's is.
 */
export function LiveDocumentLayout({ live, connection, documentId, editor, presence, children }: LiveDocumentLayoutProps) {
  useBringHere(connection, documentId, editor);
  const inLiveSession = live.session !== null;
  return (
    <>
      {inLiveSession && <SessionBar documentId={documentId} caretPosition={() => (editor ? caretPosition(editor) : null)} />}
      <div className="document-layout">
        {/* In a live session, the session bar above says who is here (and where everyone else is). */}
        {!inLiveSession && <div className="document-layout__side">{presence}</div>}
        {live.onDialogue && (
          <div className="document-layout__floor">
            <FloorPanel />
          </div>
        )}
        <div className="document-layout__main">
          {inLiveSession && <WriteHoldNotice hold={live.hold} />}
          {children}
        </div>
      </div>
    </>
  );
}
