import { useEffect, useMemo, useRef } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { CaretLabels } from '../caret';
import { adoptDomSelection, ReadCaretBeforeKeys } from '../dom-selection';
import { type DocumentKind } from '@kinship/domain/rules';
import { type MemberView, type PresenceIdentity } from '@kinship/domain/wire';
import { AGREEMENT_ITEM_NODE } from '@kinship/domain/agreements';
// The editor's own styles come before the agreement items' (which refine them).
import './editor.css';
import { agreementExtensions } from '../agreement-items/agreement-extensions';
import { AgreementEditorContext } from '../agreement-items/agreement-context';
import { AddAgreementItem } from '../agreement-items/AgreementEditorExtras';
import { useSeedAgreement } from '../agreement-items/useSeedAgreement';
import type { DocumentConnection } from '../document-connection';
import { EditorToolbar } from './EditorToolbar';

export interface CollaborativeEditorProps {
  connection: DocumentConnection;
  user: PresenceIdentity;
  /** False for archived documents (kept as they were), and while a live session holds the writing. */
  editable: boolean;
  /** The document's title, to name the writing area for screen readers. */
  title: string;
  /** Called on each change made here (not on changes arriving from others). */
  onLocalEdit?: () => void;
  onBlur?: () => void;
  /** Hands the editor out (placing or reading the caret for a live session); null when it goes. */
  onEditor?: (editor: Editor | null) => void;
  /** An agreement is edited as numbered items (features/editor/agreement-items); other kinds as plain text. */
  kind?: DocumentKind;
  /** The document's id, to seed a just-created agreement with its template. */
  documentId?: string;
  /** The workspace's members: an agreement item may bind one partner. */
  members?: MemberView[];
}

const NO_MEMBERS: MemberView[] = [];

export function CollaborativeEditor({
  connection,
  user,
  editable,
  title,
  onLocalEdit,
  onBlur,
  onEditor,
  kind,
  documentId,
  members = NO_MEMBERS,
}: CollaborativeEditorProps) {
  const agreement = kind === 'agreement';
  const callbacks = useRef({ onLocalEdit, onBlur, onEditor });
  useEffect(() => {
    callbacks.current = { onLocalEdit, onBlur, onEditor };
  });

  // Name labels on other people's carets show only while they type (see caret.ts).
  const carets = useMemo(() => new CaretLabels(connection.provider.awareness, connection.doc), [connection]);
  useEffect(() => carets.attach(), [carets]);

  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          // Collaboration brings its own undo, which undoes only this person's edits.
          undoRedo: false,
          // The document title is the page's h1; inside the document, headings start at h2.
          heading: { levels: [2, 3] },
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
          // An agreement ends with its last item, not with an empty line after it (an old
          // agreement of plain text still gets its empty last line after a list).
          ...(agreement ? { trailingNode: { notAfter: ['paragraph', AGREEMENT_ITEM_NODE] } } : {}),
        }),
        TaskList,
        TaskItem.configure({ nested: true }),
        Collaboration.configure({ document: connection.doc }),
        ReadCaretBeforeKeys,
        CollaborationCaret.configure({ provider: connection.provider, user, render: carets.render }),
        ...(agreement ? agreementExtensions : []),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          class: 'prose',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': `${title}, document text`,
        },
      },
      // Only a change to the text is an edit: `setEditable` (a lock, a pause) emits an update
      // with an empty transaction, which must not tell the others this person is typing.
      onUpdate: ({ transaction }) => {
        if (transaction.docChanged && !isChangeOrigin(transaction)) callbacks.current.onLocalEdit?.();
      },
      onBlur: () => callbacks.current.onBlur?.(),
    },
    [connection, agreement],
  );
  useSeedAgreement(connection, documentId, agreement && editable);
  const partners = useMemo(() => members.filter((member) => member.role === 'partner'), [members]);
  const agreementContext = useMemo(
    () => ({ partners, myAccountId: user.accountId, editable }),
    [partners, user.accountId, editable],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  // A caret the browser just moved is the editor's before someone else's change lands (dom-selection.ts).
  useEffect(
    () =>
      editor
        ? connection.beforeServerChange(() => {
            if (editor.isInitialized && !editor.isDestroyed) adoptDomSelection(editor.view);
          })
        : undefined,
    [editor, connection],
  );

  useEffect(() => {
    callbacks.current.onEditor?.(editor);
    return () => callbacks.current.onEditor?.(null);
  }, [editor]);

  useEffect(() => {
    editor?.setOptions({
      editorProps: {
        attributes: { class: 'prose', role: 'textbox', 'aria-multiline': 'true', 'aria-label': `${title}, document text` },
      },
    });
  }, [editor, title]);

  return (
    <div className="editor">
      {editable && <EditorToolbar editor={editor} />}
      {agreement ? (
        <AgreementEditorContext.Provider value={agreementContext}>
          <EditorContent editor={editor} className="editor__content editor__content--agreement" />
          {editable && <AddAgreementItem editor={editor} />}
        </AgreementEditorContext.Provider>
      ) : (
        <EditorContent editor={editor} className="editor__content" />
      )}
    </div>
  );
}
