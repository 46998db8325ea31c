/**
 * A structured agreement: an ordered list of boundary items, each binding both partners or one.
 * The order is the numbering (item 1 is the first). Every item keeps the id it was made with, so
 * proposals, diffs and versions follow an item by id, never by its place in the list.
 *
 * In the live document the items are Tiptap (ProseMirror) nodes synced through Yjs; the names
 * below are shared by the web editor (which defines the nodes) and the API (which reads them).
 */

/** The Y.XmlFragment that @tiptap/extension-collaboration binds when no `field` is given. */
export const AGREEMENT_FRAGMENT = 'default';

/** One boundary item: `<agreementItem itemId binds status>` holding a title then paragraphs. */
export const AGREEMENT_ITEM_NODE = 'agreementItem';
/** The item's title: the first child of an item, a single line of text. */
export const AGREEMENT_ITEM_TITLE_NODE = 'agreementItemTitle';
/** The item's text: one or more paragraphs after the title. */
export const AGREEMENT_PARAGRAPH_NODE = 'paragraph';

/** The item node's attribute names. */
export const AGREEMENT_ITEM_ATTRS = {
  itemId: 'itemId',
  binds: 'binds',
  status: 'status',
} as const;

/** `binds` when an item binds both partners; otherwise it holds the account id of the one partner. */
export const BINDS_BOTH = 'both';
export type AgreementBinds = typeof BINDS_BOTH | (string & {});

export const AGREEMENT_ITEM_STATUSES = ['active', 'retired'] as const;
export type AgreementItemStatus = (typeof AGREEMENT_ITEM_STATUSES)[number];

export interface AgreementItem {
  /** Made when the item is made (a uuid); never changes, never reused. */
  id: string;
  title: string;
  /** The plain text of the item's paragraphs, joined by "\n". */
  text: string;
  /** 'both', or the account id of the partner this item binds. */
  binds: AgreementBinds;
  /** Retired items stay in the list (and keep their number) but no longer bind anyone. */
  status: AgreementItemStatus;
}

/** The fields of an item that people write; the id comes from `newAgreementItem`. */
export type AgreementItemDraft = Omit<AgreementItem, 'id'>;

/** The fields compared by the diff, in the order they are listed. */
export const AGREEMENT_ITEM_FIELDS = ['title', 'text', 'binds', 'status'] as const;
export type AgreementItemField = (typeof AGREEMENT_ITEM_FIELDS)[number];

/**
 * Id of the one untitled item that `readAgreement` makes of text lying outside any item
 * (an agreement written before items existed, as plain paragraphs).
 */
export const LOOSE_TEXT_ITEM_ID = 'loose-text';

/** Longest id, binds value or title we keep from a document (anything longer is treated as missing). */
export const AGREEMENT_ATTR_MAX_LENGTH = 200;

export function isAgreementItemStatus(value: unknown): value is AgreementItemStatus {
  return value === 'active' || value === 'retired';
}

interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

/** A v4 uuid; `crypto.randomUUID` is missing in browsers outside secure contexts, so fall back to random bytes. */
export function newAgreementItemId(): string {
  const c = (globalThis as { crypto?: CryptoLike }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Makes an item with a fresh id; missing fields default to an empty, active item binding both. */
export function newAgreementItem(fields: Partial<AgreementItemDraft> = {}): AgreementItem {
  return {
    id: newAgreementItemId(),
    title: fields.title ?? '',
    text: fields.text ?? '',
    binds: fields.binds ?? BINDS_BOTH,
    status: fields.status ?? 'active',
  };
}
