/** @jest-environment jsdom */
import type { Editor } from '@tiptap/core';
import { EditorRoom as Room, lines, startLineAtEnd, type } from './editor-room';
import { adoptDomSelection, ReadCaretBeforeKeys } from './dom-selection';

// jsdom lays nothing out; a focused editor scrolls its caret into view, which asks for these.
Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

/** The browser moves its caret to the end of the text (Ctrl+End); ProseMirror hears of it a moment later. */
function browserCaretToEnd(editor: Editor) {
  const walker = document.createTreeWalker(editor.view.dom, NodeFilter.SHOW_TEXT);
  let last: Node | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) last = node;
  document.getSelection()!.collapse(last, last!.textContent!.length);
}

/**
 * Sam's caret is at the start of the agreement's first line. Sam presses Ctrl+End, and Alex's new
 * line arrives before the browser tells the editor the caret moved; then Sam presses Enter and types.
 */
function samMovesAsAlexTypes(takeTheBrowsersCaret: boolean): string[] {
  const room = new Room();
  try {
    const [alex, sam] = [room.join(1), room.join(2)];
    type(alex, 'What we promise each other.');
    room.deliver();
    sam.view.focus();
    sam.commands.setTextSelection(1);

    browserCaretToEnd(sam);
    expect(sam.state.selection.head).toBe(1); // the editor has not heard of the move yet
    startLineAtEnd(alex);
    for (const key of 'Alex: I ask first.') type(alex, key);
    if (takeTheBrowsersCaret) adoptDomSelection(sam.view);
    room.deliver();
    sam.commands.splitBlock();
    for (const key of 'Sam: I say so.') type(sam, key);
    room.deliver();
    return lines(sam);
  } finally {
    room.destroy();
  }
}

/** Sam's caret is at the start; Sam presses Ctrl+End and, before the editor hears of it, Enter. */
function samPressesEnterAtOnce(readCaretFirst: boolean): string[] {
  const room = new Room();
  try {
    const alex = room.join(1);
    type(alex, 'What we promise each other.');
    const sam = room.join(2, readCaretFirst ? [ReadCaretBeforeKeys] : []);
    sam.view.focus();
    sam.commands.setTextSelection(1);
    browserCaretToEnd(sam);
    sam.view.dom.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
    for (const key of 'Sam: I say so.') type(sam, key);
    return lines(sam);
  } finally {
    room.destroy();
  }
}

describe('a key pressed just after the browser moved the caret', () => {
  it('acts where the browser shows the caret: Ctrl+End then Enter at once starts a new line at the end', () => {
    expect(samPressesEnterAtOnce(true)).toEqual(['What we promise each other.', 'Sam: I say so.']);
  });

  it('(the race it guards against: the editor alone splits the line the caret was on)', () => {
    expect(samPressesEnterAtOnce(false)).toContain('Sam: I say so.What we promise each other.');
  });
});

describe('a caret the browser moved just before someone else’s change arrives', () => {
  it('is taken into the editor first: Ctrl+End then Enter starts a new line at the end', () => {
    const after = samMovesAsAlexTypes(true);
    expect(after[0]).toBe('What we promise each other.');
    expect([...after].sort()).toEqual(['Alex: I ask first.', 'Sam: I say so.', 'What we promise each other.']);
  });

  it('(the race it guards against: left to the editor alone, the caret goes back and Sam’s words join the first line)', () => {
    expect(samMovesAsAlexTypes(false)).toContain('Sam: I say so.What we promise each other.');
  });
});
