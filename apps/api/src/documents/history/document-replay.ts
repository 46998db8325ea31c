import * as Y from 'yjs';
import type { AuthoredBlock, AuthoredRun, HistoryEdit } from '@kinship/domain/wire';

/**
 * Reading a document's history from its kept updates: who wrote each character (the owner of the
 * client id its struct carries), the edits grouped into bursts, and the document as it was right
 * after one of them. Pure: Yjs documents in, plain views out.
 */

/** Two stored updates of one author less than this far apart belong to one edit. */
export const BURST_GAP_MS = 2 * 60 * 1000;
const SNIPPET_CHARS = 80;

export interface KeptUpdate {
  id: string;
  data: Uint8Array;
  accountId: string | null;
  at: Date;
}

type Owners = ReadonlyMap<number, string | null>;
/** Any shared type: only its item list is read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<any>;
/** Per client, clock ranges [from, to). */
type ClockRanges = Map<number, Array<[number, number]>>;

function addRange(ranges: ClockRanges, client: number, from: number, to: number): void {
  const list = ranges.get(client) ?? [];
  list.push([from, to]);
  ranges.set(client, list);
}

function overlapsRanges(ranges: ClockRanges, id: Y.ID, length: number): boolean {
  return (ranges.get(id.client) ?? []).some(([from, to]) => id.clock < to && id.clock + length > from);
}

export interface Marks {
  /** Structs created at or after these clocks are what the edit added. */
  before: Map<number, number>;
  /** What the edit deleted. */
  removed: ClockRanges;
}

/**
 * The document's content as blocks of runs. Without marks only what is there now is read; with
 * them, what the edit removed is kept in place (needs a document loaded with gc off) and marked.
 */
export function authoredBlocks(doc: Y.Doc, owners: Owners, marks?: Marks): AuthoredBlock[] {
  const blocks: AuthoredBlock[] = [];
  const changeOf = (item: Y.Item): AuthoredRun['change'] | null => {
    if (item.deleted) return marks && overlapsRanges(marks.removed, item.id, item.length) ? 'removed' : null;
    if (marks && item.id.clock >= (marks.before.get(item.id.client) ?? 0)) return 'added';
    return undefined;
  };
  /** A string struct's parts with their marks: unchanged, added, removed (or left out: null). */
  const stringParts = (item: Y.Item, str: string, inherited: AuthoredRun['change']): Array<[string, AuthoredRun['change']]> => {
    if (!marks) return item.deleted ? [] : [[str, undefined]];
    const { client, clock } = item.id;
    const before = (marks.before.get(client) ?? 0) - clock;
    if (inherited === 'removed' || !item.deleted) {
      if (inherited === 'removed') return [[str, 'removed']];
      if (before <= 0) return [[str, 'added']];
      if (before >= str.length) return [[str, undefined]];
      return [
        [str.slice(0, before), undefined],
        [str.slice(before), 'added'],
      ];
    }
    // Deleted: only what existed before the edit and the edit deleted is shown, as removed.
    const parts: Array<[string, AuthoredRun['change']]> = [];
    for (const [from, to] of marks.removed.get(client) ?? []) {
      const start = Math.max(from - clock, 0);
      const end = Math.min(to - clock, str.length, Math.max(before, 0));
      if (start < end) parts.push([str.slice(start, end), 'removed']);
    }
    return parts;
  };
  const push = (block: AuthoredBlock, item: Y.Item, text: string, change: AuthoredRun['change']) => {
    const authorId = owners.get(item.id.client) ?? null;
    const last = block.runs[block.runs.length - 1];
    if (last && last.authorId === authorId && last.change === change) last.text += text;
    else block.runs.push(change ? { text, authorId, change } : { text, authorId });
  };

  /** Walks a type's children; text goes into `block`, a child element holding text opens its own. */
  const walk = (type: SharedType, block: AuthoredBlock | null, inherited: AuthoredRun['change']): void => {
    walkSequence(type, block, inherited);
    // A map's entries (an agreement's items, say), by key; XML attributes are not text.
    if (!(type instanceof Y.XmlElement) && !(type instanceof Y.XmlText)) {
      for (const key of [...type._map.keys()].sort()) {
        const item = type._map.get(key)!;
        const change = inherited === 'removed' ? 'removed' : changeOf(item);
        if (change === null) continue;
        if (item.content instanceof Y.ContentType) {
          const child = item.content.type;
          if (child instanceof Y.Text || child instanceof Y.XmlText) walk(child, openBlock(key), change);
          else walk(child, block, change);
        } else if (item.content instanceof Y.ContentAny) {
          const text = item.content.arr.filter((v): v is string => typeof v === 'string').join('');
          if (text) push(openBlock(key), item, text, change);
        }
      }
    }
  };
  const walkSequence = (type: SharedType, block: AuthoredBlock | null, inherited: AuthoredRun['change']): void => {
    for (let item = type._start; item !== null; item = item.right) {
      const own = changeOf(item);
      if (own === null && !(inherited === 'removed' && item.deleted)) continue;
      const change: AuthoredRun['change'] = inherited === 'removed' ? 'removed' : (own ?? undefined);
      const content = item.content;
      if (content instanceof Y.ContentString) {
        // Yjs merges one client's neighbouring structs, so one may hold text from before and
        // during the edit shown: each part is marked on its own.
        for (const [text, partChange] of stringParts(item, content.str, inherited)) {
          if (block) {
            push(block, item, text, partChange);
          } else {
            // Text straight under a root (a plain Y.Text): a block per line.
            const lines = text.split('\n');
            lines.forEach((line, i) => {
              if (i > 0 || blocks.length === 0 || blocks[blocks.length - 1]!.type !== 'text') blocks.push({ type: 'text', runs: [] });
              if (line) push(blocks[blocks.length - 1]!, item, line, partChange);
            });
          }
        }
      } else if (content instanceof Y.ContentType) {
        const child = content.type;
        if (child instanceof Y.XmlText || child instanceof Y.Text) {
          walk(child, block ?? openBlock('text'), change);
        } else if (child instanceof Y.XmlElement) {
          if (holdsText(child)) {
            const own = openBlock(child.nodeName);
            walk(child, own, change);
          } else {
            walk(child, null, change);
          }
        } else {
          walk(child, block, change);
        }
      }
    }
  };
  const openBlock = (type: string): AuthoredBlock => {
    const block = { type, runs: [] };
    blocks.push(block);
    return block;
  };

  for (const name of [...doc.share.keys()].sort()) walk(doc.share.get(name)!, null, undefined);
  return blocks;
}

/** True when an element has text of its own (a paragraph), not only elements (a list). */
function holdsText(element: Y.XmlElement): boolean {
  for (let item = element._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentType && (item.content.type instanceof Y.XmlText || item.content.type instanceof Y.Text)) return true;
    if (item.content instanceof Y.ContentString) return true;
  }
  return false;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * An edit holds at most this many stored updates (and about this many bytes of them): one author
 * typing for an hour without a two-minute pause makes several edits, so showing one never replays
 * more than a bounded number of rows.
 */
export const EDIT_MAX_UPDATES = 500;
export const EDIT_MAX_BYTES = 2 * 1024 * 1024;

/** An edit as replayed: what the list shows, and its first stored update. */
export interface ReplayedEdit extends HistoryEdit {
  firstId: string;
}

/** The updates of one edit so far: what decides whether the next belongs to it. */
export interface Burst {
  first: KeptUpdate;
  last: KeptUpdate;
  updates: number;
  bytes: number;
}

/** True when `next` belongs to the edit so far: same author, less than two minutes later, and the edit not full. */
export function continuesEdit(burst: Burst, next: KeptUpdate): boolean {
  return (
    burst.last.accountId === next.accountId &&
    next.at.getTime() - burst.last.at.getTime() < BURST_GAP_MS &&
    burst.updates < EDIT_MAX_UPDATES &&
    burst.bytes < EDIT_MAX_BYTES
  );
}

/** True when no update stored at `time` or later can join the edit: it is full, or two minutes have passed. */
export function editEnded(burst: Burst, time: number): boolean {
  return time - burst.last.at.getTime() >= BURST_GAP_MS || burst.updates >= EDIT_MAX_UPDATES || burst.bytes >= EDIT_MAX_BYTES;
}

/** The next burst: `update` added to `burst`, or the first of a new one. */
export function extendBurst(burst: Burst | null, update: KeptUpdate): Burst {
  return burst
    ? { first: burst.first, last: update, updates: burst.updates + 1, bytes: burst.bytes + update.data.length }
    : { first: update, last: update, updates: 1, bytes: update.data.length };
}

interface OpenBurst extends Burst {
  before: Map<number, number>;
  removed: string[];
}

/**
 * Replays kept updates on a document (from where history begins, or a checkpoint) and makes edits
 * of them: each says how many words it added (still there at its end) and removed (there before
 * it). The caller decides where an edit ends (`continuesEdit`) and closes it before adding the
 * next update; the document is kept with every struct (gc off), so it can be stored as a checkpoint.
 */
export class EditReplay {
  private readonly doc = new Y.Doc({ gc: false });
  private burst: OpenBurst | null = null;

  constructor(base: Uint8Array | null) {
    if (base) Y.applyUpdate(this.doc, base);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const burst = this.burst;
      if (!burst) return;
      Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
        const existed = (burst.before.get(struct.id.client) ?? 0) - struct.id.clock;
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentString && existed > 0) burst.removed.push(struct.content.str.slice(0, existed));
      });
    });
  }

  /** The edit being replayed, if one is open. */
  get open(): Burst | null {
    return this.burst;
  }

  /** An update whose edit is already known (recorded since the checkpoint): applied, no edit made of it. */
  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update);
  }

  /** Adds an update to the open edit, or opens one with it. */
  add(update: KeptUpdate): void {
    const next = extendBurst(this.burst, update);
    this.burst = this.burst
      ? Object.assign(this.burst, next)
      : { ...next, before: Y.decodeStateVector(Y.encodeStateVector(this.doc)), removed: [] };
    Y.applyUpdate(this.doc, update.data);
  }

  /** Closes the open edit and returns it (null when none was open). */
  close(): ReplayedEdit | null {
    const burst = this.burst;
    if (!burst) return null;
    this.burst = null;
    const added = addedSince(this.doc, burst.before);
    const removed = burst.removed.join('');
    return {
      id: burst.last.id,
      firstId: burst.first.id,
      authorId: burst.last.accountId,
      from: burst.first.at.toISOString(),
      to: burst.last.at.toISOString(),
      updates: burst.updates,
      wordsAdded: words(added),
      wordsRemoved: words(removed),
      snippet: (added.trim() || removed.trim()).replace(/\s+/g, ' ').slice(0, SNIPPET_CHARS),
    };
  }

  /** The document as replayed so far, every struct kept: a checkpoint to replay on later. */
  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  destroy(): void {
    this.doc.destroy();
  }
}

/**
 * Replays the kept updates in order on `base` (the state history begins from) and groups them into
 * edits, oldest first: an author's updates with less than two minutes between them are one edit
 * (of at most EDIT_MAX_UPDATES updates).
 */
export function replayEdits(base: Uint8Array | null, updates: Iterable<KeptUpdate>): ReplayedEdit[] {
  const replay = new EditReplay(base);
  try {
    const edits: ReplayedEdit[] = [];
    for (const update of updates) {
      if (replay.open && !continuesEdit(replay.open, update)) edits.push(replay.close()!);
      replay.add(update);
    }
    const last = replay.close();
    if (last) edits.push(last);
    return edits;
  } finally {
    replay.destroy();
  }
}

/** The text of structs created after `before` and not deleted since. */
function addedSince(doc: Y.Doc, before: Map<number, number>): string {
  let text = '';
  for (const [client, structs] of doc.store.clients) {
    const from = before.get(client) ?? 0;
    if (Y.getState(doc.store, client) <= from) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i]!;
      // A struct merged with older ones from this client: only its part from `from` on.
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString) text += struct.content.str.slice(Math.max(0, from - struct.id.clock));
    }
  }
  return text;
}

/**
 * The document right after the edit whose updates are `edit` (the rows from its first to its
 * last), replayed on `base` and everything before it: its blocks, with what the edit added and
 * removed marked.
 */
export function contentAfter(base: Uint8Array | null, earlier: Iterable<KeptUpdate>, edit: Iterable<KeptUpdate>, owners: Owners): AuthoredBlock[] {
  const doc = new Y.Doc({ gc: false });
  try {
    if (base) Y.applyUpdate(doc, base);
    for (const update of earlier) Y.applyUpdate(doc, update.data);
    const before = Y.decodeStateVector(Y.encodeStateVector(doc));
    const removed: ClockRanges = new Map();
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      for (const [client, deletes] of tr.deleteSet.clients) for (const d of deletes) addRange(removed, client, d.clock, d.clock + d.len);
    });
    for (const update of edit) Y.applyUpdate(doc, update.data);
    return authoredBlocks(doc, owners, { before, removed });
  } finally {
    doc.destroy();
  }
}

/** The document's current content from its stored pieces (snapshot and later updates). */
export function currentBlocks(pieces: Iterable<Uint8Array>, owners: Owners): AuthoredBlock[] {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const piece of pieces) Y.applyUpdate(doc, piece);
    });
    return authoredBlocks(doc, owners);
  } finally {
    doc.destroy();
  }
}
