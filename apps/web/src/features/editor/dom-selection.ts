import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** ProseMirror's own reader of the page's changes (not in its typings). */
interface WithDomObserver {
  domObserver?: { flush?: () => void };
}

/**
 * Has the editor read the caret the browser shows, now rather than a moment later. Called just
 * before a change from someone else is applied.
 *
 * ProseMirror learns that the browser moved the caret (a click, End, Ctrl+End, an arrow key) from
 * the `selectionchange` event, a moment after the move. A change from someone else applied in
 * that moment puts the caret back where ProseMirror's state still has it, and the move is lost
 * (yjs/y-prosemirror#146): Ctrl+End then Enter splits the line the caret was on before, and the
 * words typed next land at the front of somebody else's line.
 *
 * The reading is ProseMirror's own, what its `selectionchange` handler runs (a caret inside an
 * item's controls, one the browser reset on focus, are handled as they always are); only when it
 * happens changes.
 */
export function adoptDomSelection(view: EditorView): void {
  if (view.isDestroyed || view.composing) return;
  (view as unknown as WithDomObserver).domObserver?.flush?.();
}

/**
 * The same reading before every key the editor handles: a key pressed a moment after the caret
 * moved (a click then Tab, Ctrl+End then Enter) acts where the browser shows the caret, not where
 * it was. First among the editor's key handlers.
 */
export const ReadCaretBeforeKeys = Extension.create({
  name: 'readCaretBeforeKeys',
  priority: 10_000,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('readCaretBeforeKeys'),
        props: {
          handleKeyDown: (view) => {
            adoptDomSelection(view);
            return false;
          },
        },
      }),
    ];
  },
});
