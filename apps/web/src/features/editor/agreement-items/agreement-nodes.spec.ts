/** @jest-environment jsdom */
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, AGREEMENT_ITEM_NODE, AGREEMENT_ITEM_TITLE_NODE, newAgreementItem, readAgreement, writeAgreementItems } from '@kinship/domain/agreements';
import { addAgreementItem, AgreementItem, AgreementItemTitle, itemNumberAt } from './agreement-nodes';

/**
 * The agreement's nodes in a real Tiptap editor bound to a Y.Doc, as the app binds them (the
 * React card is left out: it only draws the same node). Two people's documents exchange updates.
 */
function person(doc = new Y.Doc()): { doc: Y.Doc; editor: Editor } {
  const editor = new Editor({
    element: document.body.appendChild(document.createElement('div')),
    extensions: [
      StarterKit.configure({ undoRedo: false, trailingNode: { notAfter: ['paragraph', AGREEMENT_ITEM_NODE] } }),
      Collaboration.configure({ document: doc }),
      AgreementItem,
      AgreementItemTitle,
    ],
  });
  return { doc, editor };
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const read = (doc: Y.Doc) => readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT));

/** Position of the n-th (0-based) top-level item. */
function itemPos(editor: Editor, n: number): number {
  let pos = -1;
  let seen = 0;
  editor.state.doc.forEach((node, offset) => {
    if (node.type.name === AGREEMENT_ITEM_NODE && seen++ === n) pos = offset;
  });
  return pos;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('agreement items in the editor', () => {
  it('shows seeded items, and an attribute changed by a transaction reaches the other person', () => {
    const seeded = [newAgreementItem({ title: 'Phones', text: 'Open.' }), newAgreementItem({ title: 'Late', text: 'Text first.' })];
    const alex = person();
    writeAgreementItems(alex.doc.getXmlFragment(AGREEMENT_FRAGMENT), seeded);
    const sam = person();
    sync(alex.doc, sam.doc);
    expect(sam.editor.state.doc.childCount).toBe(2);
    expect(sam.editor.state.doc.child(1).firstChild!.type.name).toBe(AGREEMENT_ITEM_TITLE_NODE);
    expect(itemNumberAt(sam.editor, itemPos(sam.editor, 1))).toBe(2);

    sam.editor.view.dispatch(sam.editor.state.tr.setNodeAttribute(itemPos(sam.editor, 1), 'binds', 'account-of-alex'));
    sam.editor.view.dispatch(sam.editor.state.tr.setNodeAttribute(itemPos(sam.editor, 0), 'status', 'retired'));
    sync(alex.doc, sam.doc);
    expect(read(alex.doc)).toEqual([
      { ...seeded[0], status: 'retired' },
      { ...seeded[1], binds: 'account-of-alex' },
    ]);
    expect(alex.editor.state.doc.child(1).attrs['binds']).toBe('account-of-alex');
  });

  it('"Add an item" turns a new, empty document into one item with a fresh id and the caret in its title', () => {
    const alex = person();
    expect(addAgreementItem(alex.editor)).toBe(true);
    alex.editor.commands.insertContent('Kind words');
    const items = read(alex.doc);
    expect(items).toHaveLength(1);
    expect(items[0].title).toBe('Kind words');
    expect(items[0].id).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing but the item: no empty line left before or after it.
    expect(alex.editor.state.doc.childCount).toBe(1);

    addAgreementItem(alex.editor);
    alex.editor.commands.insertContent('Second');
    expect(read(alex.doc).map((item) => item.title)).toEqual(['Kind words', 'Second']);
    expect(new Set(read(alex.doc).map((item) => item.id)).size).toBe(2);
  });

  it('Enter in a title moves to the item’s text instead of splitting the title', () => {
    const alex = person();
    addAgreementItem(alex.editor);
    alex.editor.commands.insertContent('Time-outs');
    // The key as the view receives it (Tiptap's keyboardShortcut command keeps only document steps).
    const { view } = alex.editor;
    const handled = view.someProp('handleKeyDown', (handle) => handle(view, new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })));
    expect(handled).toBe(true);
    alex.editor.commands.insertContent('Either of us may ask.');
    expect(read(alex.doc).map(({ title, text }) => ({ title, text }))).toEqual([{ title: 'Time-outs', text: 'Either of us may ask.' }]);
  });

  it('a pasted copy of an item gets an id of its own; the item that was there keeps its id', () => {
    const original = newAgreementItem({ title: 'Phones', text: 'Open.' });
    const alex = person();
    writeAgreementItems(alex.doc.getXmlFragment(AGREEMENT_FRAGMENT), [original]);
    const copy = alex.editor.state.doc.child(0).toJSON();
    // Pasted above the original, where a position-based rule would hand the copy the old id.
    alex.editor.commands.insertContentAt(0, copy);
    const items = read(alex.doc);
    expect(items).toHaveLength(2);
    expect(items[1].id).toBe(original.id);
    expect(items[0].id).not.toBe(original.id);
    expect(items[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(items[0].title).toBe('Phones');
  });

  it('an item without an id, arriving from elsewhere, is given one at the next local edit only', () => {
    const alex = person();
    const bare = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    const title = new Y.XmlElement(AGREEMENT_ITEM_TITLE_NODE);
    title.insert(0, [new Y.XmlText('Old item')]);
    bare.insert(0, [title, new Y.XmlElement('paragraph')]);
    alex.doc.getXmlFragment(AGREEMENT_FRAGMENT).insert(0, [bare]);
    // A remote change is left as it came.
    expect(read(alex.doc)[0].id).toBe('missing-id-1');
    alex.editor.chain().setTextSelection(2).insertContent('An ').run();
    const [item] = read(alex.doc);
    expect(item.title).toBe('An Old item');
    expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
