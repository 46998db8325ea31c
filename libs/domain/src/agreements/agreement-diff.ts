import { diffArrays, diffWords } from 'diff';
import { AGREEMENT_ITEM_FIELDS, type AgreementItem, type AgreementItemField } from './agreement-item';

/** A run of words in a word-level diff: kept, added in the newer text, or removed from the older one. */
export interface WordSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldChange<T> {
  before: T;
  after: T;
}

/** An item in both lists whose fields differ. Numbers count from 1. */
export interface ChangedAgreementItem {
  id: string;
  before: AgreementItem;
  after: AgreementItem;
  /** Which fields differ, in the order title, text, binds, status. */
  fields: AgreementItemField[];
  /** Word-level changes, present when the field changed. */
  title?: WordSegment[];
  text?: WordSegment[];
  binds?: FieldChange<string>;
  status?: FieldChange<AgreementItem['status']>;
}

export interface PlacedAgreementItem {
  item: AgreementItem;
  /** Its number in the list it belongs to (base for removed items, next for added ones). */
  number: number;
}

export interface MovedAgreementItem {
  id: string;
  item: AgreementItem;
  from: number;
  to: number;
}

export interface AgreementDiff {
  added: PlacedAgreementItem[];
  removed: PlacedAgreementItem[];
  changed: ChangedAgreementItem[];
  /**
   * Items whose place among the other kept items changed (someone moved them). An item whose
   * number changed only because items before it were added or removed is in `renumbered` instead.
   */
  moved: MovedAgreementItem[];
  /** Kept items whose number changed only because of items added or removed before them. */
  renumbered: MovedAgreementItem[];
  /** True when nothing was added, removed, changed or moved. */
  unchanged: boolean;
}

/** Word diffs that take longer than this give up and show the whole old and new text instead. */
const WORD_DIFF_TIMEOUT_MS = 250;

/** Word-level changes from `before` to `after`, as segments (using jsdiff's `diffWords`). */
export function diffText(before: string, after: string): WordSegment[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const changes = diffWords(before, after, { timeout: WORD_DIFF_TIMEOUT_MS });
  if (!changes) {
    const whole: WordSegment[] = [];
    if (before) whole.push({ kind: 'removed', text: before });
    if (after) whole.push({ kind: 'added', text: after });
    return whole;
  }
  const segments: WordSegment[] = [];
  for (const change of changes) {
    if (!change.value) continue;
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else segments.push({ kind, text: change.value });
  }
  return segments;
}

/** The fields in which two versions of one item differ. */
export function changedFields(before: AgreementItem, after: AgreementItem): AgreementItemField[] {
  return AGREEMENT_ITEM_FIELDS.filter((field) => before[field] !== after[field]);
}

/**
 * What changed from `base` to `next`, matching items by id (never by position): added and
 * removed items, changed fields with word-level segments for title and text, and moves.
 * If a list holds an id twice, only its first occurrence is matched; later copies count as
 * added/removed (readAgreement never returns a repeated id).
 */
export function diffAgreements(base: readonly AgreementItem[], next: readonly AgreementItem[]): AgreementDiff {
  const baseById = firstById(base);
  const nextById = firstById(next);

  const removed: PlacedAgreementItem[] = [];
  base.forEach((item, index) => {
    if (!nextById.has(item.id) || baseById.get(item.id)?.index !== index) removed.push({ item, number: index + 1 });
  });
  const added: PlacedAgreementItem[] = [];
  next.forEach((item, index) => {
    if (!baseById.has(item.id) || nextById.get(item.id)?.index !== index) added.push({ item, number: index + 1 });
  });

  const changed: ChangedAgreementItem[] = [];
  const keptBaseOrder: string[] = [];
  for (const [id, { item: before }] of baseById) {
    const found = nextById.get(id);
    if (!found) continue;
    keptBaseOrder.push(id);
    const after = found.item;
    const fields = changedFields(before, after);
    if (fields.length === 0) continue;
    const change: ChangedAgreementItem = { id, before, after, fields };
    if (fields.includes('title')) change.title = diffText(before.title, after.title);
    if (fields.includes('text')) change.text = diffText(before.text, after.text);
    if (fields.includes('binds')) change.binds = { before: before.binds, after: after.binds };
    if (fields.includes('status')) change.status = { before: before.status, after: after.status };
    changed.push(change);
  }
  changed.sort((a, b) => nextById.get(a.id)!.index - nextById.get(b.id)!.index);

  // Kept items, in each list's order: the longest run in the same relative order stayed put;
  // the others were moved (an item that jsdiff reports as removed from the base order).
  const keptNextOrder = [...nextById.keys()].filter((id) => baseById.has(id));
  const movedIds = new Set<string>();
  for (const part of diffArrays(keptBaseOrder, keptNextOrder)) {
    if (part.removed) for (const id of part.value) movedIds.add(id);
  }
  const moved: MovedAgreementItem[] = [];
  const renumbered: MovedAgreementItem[] = [];
  for (const id of keptNextOrder) {
    const from = baseById.get(id)!.index + 1;
    const { item, index } = nextById.get(id)!;
    const entry = { id, item, from, to: index + 1 };
    if (movedIds.has(id)) moved.push(entry);
    else if (entry.from !== entry.to) renumbered.push(entry);
  }

  return {
    added,
    removed,
    changed,
    moved,
    renumbered,
    unchanged: added.length === 0 && removed.length === 0 && changed.length === 0 && moved.length === 0,
  };
}

/**
 * The ids of items that both sides touched since `base`, so a stale proposal cannot be rebased
 * onto the current agreement without a person choosing: both changed the item's fields to
 * different results, or one changed it and the other removed it. Items both sides changed to the
 * same result, or both removed, are not conflicts; nor are moves (order merges by id). Items
 * added on either side are new ids and never conflict. Returned in base order.
 */
export function conflictingItems(
  base: readonly AgreementItem[],
  theirs: readonly AgreementItem[],
  ours: readonly AgreementItem[],
): string[] {
  const theirsById = firstById(theirs);
  const oursById = firstById(ours);
  const conflicts: string[] = [];
  for (const [id, { item: original }] of firstById(base)) {
    const their = theirsById.get(id)?.item;
    const our = oursById.get(id)?.item;
    const theirChanged = their ? changedFields(original, their).length > 0 : false;
    const ourChanged = our ? changedFields(original, our).length > 0 : false;
    if (their && our) {
      if (theirChanged && ourChanged && changedFields(their, our).length > 0) conflicts.push(id);
    } else if (their && !our) {
      if (theirChanged) conflicts.push(id);
    } else if (our && !their) {
      if (ourChanged) conflicts.push(id);
    }
  }
  return conflicts;
}

function firstById(items: readonly AgreementItem[]): Map<string, { item: AgreementItem; index: number }> {
  const byId = new Map<string, { item: AgreementItem; index: number }>();
  items.forEach((item, index) => {
    if (!byId.has(item.id)) byId.set(item.id, { item, index });
  });
  return byId;
}
