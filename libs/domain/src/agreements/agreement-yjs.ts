import * as Y from 'yjs';
import {
  AGREEMENT_ATTR_MAX_LENGTH,
  AGREEMENT_ITEM_ATTRS,
  AGREEMENT_ITEM_NODE,
  AGREEMENT_ITEM_TITLE_NODE,
  AGREEMENT_PARAGRAPH_NODE,
  BINDS_BOTH,
  LOOSE_TEXT_ITEM_ID,
  type AgreementItem,
} from './agreement-item';

/** Nesting deeper than this is not read (a hostile document must not exhaust the stack). */
const MAX_DEPTH = 32;
/** Inline nodes that stand inside a line of text rather than holding lines of their own. */
const INLINE_NODES = new Set(['hardBreak', 'image', 'mention']);

/**
 * Reads the agreement held in a document's fragment, in order.
 *
 * Tolerant by design, it never throws on what a peer may have written:
 * - an `agreementItem` missing its `itemId` (or with an unusable one) is read with the id
 *   `missing-id-<n>` (n its number); a repeated `itemId` is read as `<id>~2`, `<id>~3`… for the
 *   second and later copies (a pasted copy of an item). The editor gives such items fresh ids.
 * - a missing or unusable `binds` reads as 'both'; any `status` other than 'retired' reads as 'active'.
 * - an item's title is the text of its first `agreementItemTitle`; every other child (paragraphs,
 *   lists, unknown nodes, a second title) gives lines of text. Nodes that are not XML elements
 *   or text (e.g. an XmlHook) are skipped.
 * - text outside any item (an agreement written as plain paragraphs before items existed) is
 *   gathered, in document order, into ONE untitled item with the id `loose-text`, active and
 *   binding both, numbered where the first such text stands. Blocks without text are skipped;
 *   if no loose text is found, there is no such item.
 */
export function readAgreement(fragment: Y.XmlFragment): AgreementItem[] {
  const items: AgreementItem[] = [];
  const seen = new Map<string, number>();
  let loose: AgreementItem | null = null;
  const looseLines: string[] = [];

  for (const node of safeChildren(fragment)) {
    if (node instanceof Y.XmlElement && node.nodeName === AGREEMENT_ITEM_NODE) {
      const item = readItem(node, items.length + 1);
      const copies = seen.get(item.id) ?? 0;
      seen.set(item.id, copies + 1);
      if (copies > 0) item.id = `${item.id}~${copies + 1}`;
      items.push(item);
      continue;
    }
    const lines = linesOf(node, 0);
    if (lines.every((line) => line.trim() === '')) continue;
    looseLines.push(...lines);
    if (!loose) {
      loose = { id: LOOSE_TEXT_ITEM_ID, title: '', text: '', binds: BINDS_BOTH, status: 'active' };
      items.push(loose);
    }
  }
  if (loose) loose.text = looseLines.join('\n');
  return items;
}

function readItem(element: Y.XmlElement, number: number): AgreementItem {
  const attrs = safeAttributes(element);
  const id = usableString(attrs[AGREEMENT_ITEM_ATTRS.itemId]) ?? `missing-id-${number}`;
  const binds = usableString(attrs[AGREEMENT_ITEM_ATTRS.binds]) ?? BINDS_BOTH;
  const status = attrs[AGREEMENT_ITEM_ATTRS.status] === 'retired' ? 'retired' : 'active';
  let title: string | null = null;
  const lines: string[] = [];
  for (const child of safeChildren(element)) {
    if (title === null && child instanceof Y.XmlElement && child.nodeName === AGREEMENT_ITEM_TITLE_NODE) {
      title = linesOf(child, 1).join(' ');
    } else {
      lines.push(...linesOf(child, 1));
    }
  }
  return { id, title: title ?? '', text: lines.join('\n'), binds, status };
}

/**
 * The lines of text a node holds: a text block (an element whose children are text and inline
 * nodes only, e.g. a paragraph, possibly empty) is one line; a container gives its children's lines.
 */
function linesOf(node: unknown, depth: number): string[] {
  if (depth > MAX_DEPTH) return [];
  if (node instanceof Y.XmlText) return [inlineText(node)];
  if (!(node instanceof Y.XmlElement)) return [];
  const children = safeChildren(node);
  const isTextBlock = children.every(
    (child) => child instanceof Y.XmlText || (child instanceof Y.XmlElement && INLINE_NODES.has(child.nodeName)),
  );
  if (isTextBlock) {
    return [children.map((child) => (child instanceof Y.XmlText ? inlineText(child) : child.nodeName === 'hardBreak' ? '\n' : '')).join('')];
  }
  const lines: string[] = [];
  for (const child of children) lines.push(...linesOf(child, depth + 1));
  return lines;
}

/** The characters of a text, without its marks; embeds (non-string inserts) are skipped. */
function inlineText(text: Y.XmlText): string {
  try {
    const delta = text.toDelta() as Array<{ insert?: unknown }>;
    return delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  } catch {
    return '';
  }
}

function safeChildren(parent: Y.XmlFragment | Y.XmlElement): Array<Y.XmlElement | Y.XmlText> {
  try {
    return parent.toArray() as Array<Y.XmlElement | Y.XmlText>;
  } catch {
    return [];
  }
}

function safeAttributes(element: Y.XmlElement): Record<string, unknown> {
  try {
    return element.getAttributes() as Record<string, unknown>;
  } catch {
    return {};
  }
}

function usableString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= AGREEMENT_ATTR_MAX_LENGTH ? trimmed : null;
}

/** Builds the Yjs shape of one item, as the Tiptap editor (y-prosemirror) writes it. */
export function agreementItemElement(item: AgreementItem): Y.XmlElement {
  const element = new Y.XmlElement(AGREEMENT_ITEM_NODE);
  element.setAttribute(AGREEMENT_ITEM_ATTRS.itemId, item.id);
  element.setAttribute(AGREEMENT_ITEM_ATTRS.binds, item.binds);
  element.setAttribute(AGREEMENT_ITEM_ATTRS.status, item.status);
  const title = new Y.XmlElement(AGREEMENT_ITEM_TITLE_NODE);
  if (item.title) title.insert(0, [new Y.XmlText(item.title)]);
  // An item always holds at least one paragraph (an empty text is one empty paragraph).
  const paragraphs = item.text.split('\n').map((line) => {
    const paragraph = new Y.XmlElement(AGREEMENT_PARAGRAPH_NODE);
    if (line) paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
  element.insert(0, [title, ...paragraphs]);
  return element;
}

/**
 * Appends items at the end of the fragment, in one transaction (so a template arrives as one
 * update). Used to seed a new agreement from a template, and by tests. Never removes anything:
 * seed only a fragment you know to be empty.
 */
export function writeAgreementItems(fragment: Y.XmlFragment, items: readonly AgreementItem[]): void {
  const write = () => fragment.insert(fragment.length, items.map(agreementItemElement));
  if (fragment.doc) fragment.doc.transact(write);
  else write();
}
