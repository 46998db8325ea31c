import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * Positions that mean the same place on every screen: a Yjs relative position names the
 * character it sits next to, not an offset, so it survives whatever others typed meanwhile.
 * On the wire it is base64 of Y.encodeRelativePosition.
 */

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
}

function syncState(editor: Editor): SyncState | null {
  const state = ySyncPluginKey.getState(editor.state) as SyncState | undefined;
  return state?.binding ? state : null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Where this person's caret is, as a relative position in base64; null when the editor is not bound yet. */
export function caretPosition(editor: Editor): string | null {
  const sync = syncState(editor);
  if (!sync?.binding) return null;
  const relative = absolutePositionToRelativePosition(editor.state.selection.head, sync.type, sync.binding.mapping as never);
  return toBase64(Y.encodeRelativePosition(relative as Y.RelativePosition));
}

/**
 * Puts the caret at a relative position (base64) and scrolls it into view. False when the
 * position cannot be found in this document (yet): call again once the document is synced.
 */
export function placeCaret(editor: Editor, position: string): boolean {
  const sync = syncState(editor);
  if (!sync?.binding) return false;
  let absolute: number | null;
  try {
    const relative = Y.decodeRelativePosition(fromBase64(position));
    absolute = relativePositionToAbsolutePosition(sync.doc, sync.type, relative, sync.binding.mapping as never);
  } catch {
    return false;
  }
  if (absolute === null) return false;
  const at = Math.max(0, Math.min(absolute, editor.state.doc.content.size));
  editor.chain().setTextSelection(at).scrollIntoView().run();
  scrollCaretIntoView(editor, at);
  return true;
}

/** Scrolls the page so the place is in the middle of the screen (ProseMirror only scrolls it just into view). */
export function scrollCaretIntoView(editor: Editor, at: number): void {
  try {
    const { node } = editor.view.domAtPos(at);
    const element = node instanceof HTMLElement ? node : node.parentElement;
    element?.scrollIntoView({ block: 'center' });
  } catch {
    // The view is gone (the page changed meanwhile): nothing to scroll.
  }
}
