import { useEffect, useMemo, useRef } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Collaboration, { isChangeOrigin } from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { CaretLabels } from '../caret';
import type { PresenceIdentity } from '@kinship/domain';
import type { CollaborationSession } from '../collaboration-session';
import { EditorToolbar } from './EditorToolbar';

export interface CollaborativeEditorProps {
  session: CollaborationSession;
  user: PresenceIdentity;
  /** False for archived documents: they are kept as they were. */
  editable: boolean;
  /** The document's title, to name the writing area for screen readers. */
  title: string;
  /** Called on each change made here (not on changes arriving from others). */
  onLocalEdit?: () => void;
  onBlur?: () => void;
}

export function CollaborativeEditor({ session, user, editable, title, onLocalEdit, onBlur }: CollaborativeEditorProps) {
  const callbacks = useRef({ onLocalEdit, onBlur });
  useEffect(() => {
    callbacks.current = { onLocalEdit, onBlur };
  });

  // Name labels on other people's carets show only while they type (see caret.ts).
  const carets = useMemo(() => new CaretLabels(session.provider.awareness, session.doc), [session]);
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
        }),
        TaskList,
        TaskItem.configure({ nested: true }),
        Collaboration.configure({ document: session.doc }),
        CollaborationCaret.configure({ provider: session.provider, user, render: carets.render }),
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
      onUpdate: ({ transaction }) => {
        if (!isChangeOrigin(transaction)) callbacks.current.onLocalEdit?.();
      },
      onBlur: () => callbacks.current.onBlur?.(),
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

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
      <EditorContent editor={editor} className="editor__content" />
    </div>
  );
}
