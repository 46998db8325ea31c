import { Editor, type Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import * as Y from 'yjs';

/**
 * For the editor specs: the editor binding as the app uses it (Tiptap +
 * @tiptap/extension-collaboration over @tiptap/y-tiptap), one real ProseMirror view per person on
 * a DOM (jsdom), each with its own Y.Doc. Updates travel through a relay the spec holds, so "at
 * the same moment" is exact: edits made before a delivery are concurrent.
 */
export class EditorRoom {
  readonly people: Array<{ doc: Y.Doc; editor: Editor }> = [];
  private readonly inFlight: Array<{ from: Y.Doc; update: Uint8Array }> = [];

  /** `extensions` go in beside the app's binding (StarterKit, Collaboration). */
  join(clientId: number, extensions: Extensions = []): Editor {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.inFlight.push({ from: doc, update });
    });
    for (const { doc: other } of this.people) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), this);
    const editor = new Editor({
      element: document.body.appendChild(document.createElement('div')),
      extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc }), ...extensions],
    });
    this.people.push({ doc, editor });
    return editor;
  }

  /** What one person sent so far reaches everyone else. */
  deliverFrom(editor: Editor) {
    const from = this.people.find((p) => p.editor === editor)!.doc;
    const mine = this.inFlight.filter((m) => m.from === from);
    this.inFlight.splice(0, this.inFlight.length, ...this.inFlight.filter((m) => m.from !== from));
    for (const { update } of mine) for (const { doc } of this.people) if (doc !== from) Y.applyUpdate(doc, update, this);
  }

  /** Everything sent so far reaches everyone else, in the order it was sent. */
  deliver() {
    while (this.inFlight.length > 0) {
      const { from, update } = this.inFlight.shift()!;
      for (const { doc } of this.people) if (doc !== from) Y.applyUpdate(doc, update, this);
    }
  }

  destroy() {
    for (const { editor, doc } of this.people) {
      editor.destroy();
      doc.destroy();
    }
  }
}

/** One keystroke: the text goes where this person's caret is. */
export function type(editor: Editor, key: string) {
  editor.view.dispatch(editor.state.tr.insertText(key));
}

/** The text of each block of this person's document, in order. */
export function lines(editor: Editor): string[] {
  const texts: string[] = [];
  editor.state.doc.forEach((block) => texts.push(block.textContent));
  return texts;
}

/** A new line at the end of the document, as Ctrl+End then Enter does. */
export function startLineAtEnd(editor: Editor) {
  editor.commands.setTextSelection(editor.state.doc.content.size - 1);
  editor.commands.splitBlock();
}
