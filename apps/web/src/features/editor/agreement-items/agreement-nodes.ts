import { Node, mergeAttributes, type Editor, type JSONContent } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Mapping } from '@tiptap/pm/transform';
import { AGREEMENT_ITEM_ATTRS, AGREEMENT_ITEM_NODE, AGREEMENT_ITEM_TITLE_NODE, AGREEMENT_PARAGRAPH_NODE, BINDS_BOTH, newAgreementItemId } from '@kinship/domain/agreements';

/**
 * The title of an agreement item: one line of plain text, the item's first child.
 * Enter moves on to the item's text instead of splitting the title.
 */
export const AgreementItemTitle = Node.create({
  name: AGREEMENT_ITEM_TITLE_NODE,
  content: 'text*',
  marks: '',
  defining: true,
  parseHTML: () => [{ tag: 'p[data-type="agreement-item-title"]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['p', mergeAttributes(HTMLAttributes, { 'data-type': 'agreement-item-title', class: 'agreement-item__title' }), 0],
  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const { $from, empty } = editor.state.selection;
        if (!empty || $from.parent.type.name !== AGREEMENT_ITEM_TITLE_NODE) return false;
        // After the title comes the item's first paragraph: put the caret at its start.
        return editor.commands.setTextSelection($from.after() + 1);
      },
    };
  },
});

/**
 * One boundary item of an agreement: `itemId`, `binds` and `status` attributes (synced through
 * Yjs as the node's attributes), a title, then one or more paragraphs. The editor renders it as
 * a numbered card (AgreementItemView, added in index.ts; this file stays free of React so unit
 * specs can run it). Isolating, so typing and deleting never merge two items.
 */
export const AgreementItem = Node.create({
  name: AGREEMENT_ITEM_NODE,
  group: 'block',
  content: `${AGREEMENT_ITEM_TITLE_NODE} ${AGREEMENT_PARAGRAPH_NODE}+`,
  defining: true,
  isolating: true,
  selectable: false,
  draggable: false,
  addAttributes() {
    return {
      [AGREEMENT_ITEM_ATTRS.itemId]: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-item-id'),
        renderHTML: (attrs) => (attrs[AGREEMENT_ITEM_ATTRS.itemId] ? { 'data-item-id': attrs[AGREEMENT_ITEM_ATTRS.itemId] } : {}),
      },
      [AGREEMENT_ITEM_ATTRS.binds]: {
        default: BINDS_BOTH,
        parseHTML: (element) => element.getAttribute('data-binds') ?? BINDS_BOTH,
        renderHTML: (attrs) => ({ 'data-binds': attrs[AGREEMENT_ITEM_ATTRS.binds] }),
      },
      [AGREEMENT_ITEM_ATTRS.status]: {
        default: 'active',
        parseHTML: (element) => (element.getAttribute('data-status') === 'retired' ? 'retired' : 'active'),
        renderHTML: (attrs) => ({ 'data-status': attrs[AGREEMENT_ITEM_ATTRS.status] }),
      },
    };
  },
  parseHTML: () => [{ tag: 'div[data-type="agreement-item"]', priority: 60 }],
  renderHTML: ({ HTMLAttributes }) => ['div', mergeAttributes(HTMLAttributes, { 'data-type': 'agreement-item' }), 0],
  addKeyboardShortcuts() {
    return {
      // Tab from an item's writing goes to that item's own controls (who it binds, retired,
      // remove); Escape there comes back to the writing (AgreementItemView).
      Tab: ({ editor }) => {
        const { $from } = editor.state.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          if ($from.node(depth).type.name !== AGREEMENT_ITEM_NODE) continue;
          const dom = editor.view.nodeDOM($from.before(depth));
          const control = dom instanceof HTMLElement ? dom.querySelector<HTMLElement>(ITEM_CONTROLS) : null;
          if (!control) return false;
          control.focus();
          return true;
        }
        return false;
      },
    };
  },
  addProseMirrorPlugins() {
    return [uniqueItemIds()];
  },
});

const ITEM_CONTROLS = ['select', 'input', 'button'].map((tag) => `.agreement-item__controls ${tag}:not(:disabled)`).join(', ');

const uniqueItemIdsKey = new PluginKey('agreementItemIds');

/**
 * Every item keeps an id of its own. A pasted or duplicated item arrives with the id of the one
 * it was copied from, and an item from an old or foreign document may have none: after each
 * local change, such items get a fresh id. The item that was already there keeps its id. Changes
 * arriving from others are left alone (their author's editor does this).
 */
function uniqueItemIds(): Plugin {
  return new Plugin({
    key: uniqueItemIdsKey,
    appendTransaction(transactions, oldState, newState) {
      const local = transactions.filter((tr) => tr.docChanged && !isChangeOrigin(tr));
      if (local.length === 0) return null;
      const mapping = new Mapping();
      for (const tr of transactions) mapping.appendMapping(tr.mapping);
      // Where each id stood before this change, mapped into the new document.
      const keeper = new Map<string, number>();
      oldState.doc.forEach((node, offset) => {
        const id = node.type.name === AGREEMENT_ITEM_NODE ? node.attrs[AGREEMENT_ITEM_ATTRS.itemId] : null;
        if (typeof id === 'string' && !keeper.has(id)) keeper.set(id, mapping.map(offset, 1));
      });
      const byId = new Map<string, number[]>();
      const missing: number[] = [];
      newState.doc.forEach((node, offset) => {
        if (node.type.name !== AGREEMENT_ITEM_NODE) return;
        const id = node.attrs[AGREEMENT_ITEM_ATTRS.itemId];
        if (typeof id !== 'string' || !id) missing.push(offset);
        else byId.set(id, [...(byId.get(id) ?? []), offset]);
      });
      const renew = [...missing];
      for (const [id, offsets] of byId) {
        if (offsets.length < 2) continue;
        const keep = offsets.includes(keeper.get(id) ?? -1) ? keeper.get(id)! : offsets[0];
        renew.push(...offsets.filter((offset) => offset !== keep));
      }
      if (renew.length === 0) return null;
      let tr: Transaction = newState.tr;
      for (const offset of renew) tr = tr.setNodeAttribute(offset, AGREEMENT_ITEM_ATTRS.itemId, newAgreementItemId());
      return tr.setMeta('addToHistory', false);
    },
  });
}

/** The content of a new, empty item binding both partners. */
export function emptyAgreementItem(): JSONContent {
  return {
    type: AGREEMENT_ITEM_NODE,
    attrs: { [AGREEMENT_ITEM_ATTRS.itemId]: newAgreementItemId(), [AGREEMENT_ITEM_ATTRS.binds]: BINDS_BOTH, [AGREEMENT_ITEM_ATTRS.status]: 'active' },
    content: [{ type: AGREEMENT_ITEM_TITLE_NODE }, { type: AGREEMENT_PARAGRAPH_NODE }],
  };
}

/**
 * Adds an empty item at the end and puts the caret in its title. An empty paragraph at the end
 * (all a new document holds, or a line left after the last item) is replaced by the item.
 */
export function addAgreementItem(editor: Editor): boolean {
  const { doc } = editor.state;
  const last = doc.lastChild;
  const replaceLast = last !== null && last.type.name === AGREEMENT_PARAGRAPH_NODE && last.content.size === 0;
  const from = replaceLast ? doc.content.size - last.nodeSize : doc.content.size;
  return editor
    .chain()
    .insertContentAt({ from, to: doc.content.size }, emptyAgreementItem())
    .command(({ tr }) => {
      // The new item's title starts two steps in: past the item's and the title's opening tokens.
      tr.setSelection(TextSelection.create(tr.doc, Math.min(from + 2, tr.doc.content.size)));
      return true;
    })
    .scrollIntoView()
    .focus()
    .run();
}

/** The 1-based number of the item at `pos` among the document's items; 0 when it is gone. */
export function itemNumberAt(editor: Editor, pos: number | undefined): number {
  if (typeof pos !== 'number') return 0;
  let number = 0;
  let found = 0;
  editor.state.doc.forEach((node, offset) => {
    if (found || node.type.name !== AGREEMENT_ITEM_NODE) return;
    number += 1;
    if (offset === pos) found = number;
  });
  return found;
}
