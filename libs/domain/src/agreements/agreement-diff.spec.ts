import * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, newAgreementItem, type AgreementItem } from './agreement-item';
import { readAgreement, writeAgreementItems } from './agreement-yjs';
import { conflictingItems, diffAgreements, diffText } from './agreement-diff';

const sam = '00000000-0000-4000-8000-000000000002';

const base: AgreementItem[] = [
  { id: 'a', title: 'Openness about phones', text: 'We keep our phones open to each other.', binds: 'both', status: 'active' },
  { id: 'b', title: 'Checking in when late', text: 'We send a message when we are late.', binds: 'both', status: 'active' },
  { id: 'c', title: 'Time-outs', text: 'Either of us may ask for a time-out.', binds: 'both', status: 'active' },
  { id: 'd', title: 'Contact', text: 'No contact beyond work.', binds: 'both', status: 'active' },
];

/** A partner's copy of the shared document, synced from the same seed. */
function partnerCopies(items: AgreementItem[]): [Y.Doc, Y.Doc] {
  const seed = new Y.Doc();
  writeAgreementItems(seed.getXmlFragment(AGREEMENT_FRAGMENT), items);
  const update = Y.encodeStateAsUpdate(seed);
  const riley = new Y.Doc();
  const sams = new Y.Doc();
  Y.applyUpdate(riley, update);
  Y.applyUpdate(sams, update);
  return [riley, sams];
}

function itemElement(doc: Y.Doc, id: string): Y.XmlElement {
  const found = doc
    .getXmlFragment(AGREEMENT_FRAGMENT)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.getAttribute('itemId') === id);
  if (!found) throw new Error(`no item ${id}`);
  return found as Y.XmlElement;
}

/** The XmlText of the item's title (index 0) or of its n-th paragraph (index n). */
function textOf(doc: Y.Doc, id: string, child: number): Y.XmlText {
  return (itemElement(doc, id).get(child) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Replaces the first occurrence of `from` with `to` inside one text, as a person typing would. */
function retype(text: Y.XmlText, from: string, to: string): void {
  const at = text.toString().indexOf(from);
  if (at < 0) throw new Error(`"${from}" not in "${text.toString()}"`);
  text.doc!.transact(() => {
    text.delete(at, from.length);
    text.insert(at, to);
  });
}

/** Moves an item the way the editor does: the node is removed and a copy (same attributes) inserted. */
function moveItem(doc: Y.Doc, id: string, to: number): void {
  const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
  const element = itemElement(doc, id);
  const from = fragment.toArray().indexOf(element);
  doc.transact(() => {
    const copy = element.clone();
    fragment.delete(from, 1);
    fragment.insert(to, [copy]);
  });
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

const read = (doc: Y.Doc) => readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT));

describe('diffing two versions of an agreement', () => {
  it('names exactly the changed item and the changed words', () => {
    const [riley] = partnerCopies(base);
    retype(textOf(riley, 'b', 1), 'a message', 'a short message');
    retype(textOf(riley, 'b', 0), 'late', 'running late');

    const diff = diffAgreements(base, read(riley));
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.moved).toEqual([]);
    expect(diff.changed.map((change) => [change.id, change.fields])).toEqual([['b', ['title', 'text']]]);
    const [change] = diff.changed;
    expect(change.text!.filter((segment) => segment.kind !== 'same')).toEqual([{ kind: 'added', text: 'short ' }]);
    expect(change.title!.filter((segment) => segment.kind !== 'same')).toEqual([{ kind: 'added', text: 'running ' }]);
    // The segments put together give back each side.
    expect(change.text!.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(base[1].text);
    expect(change.text!.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe('We send a short message when we are late.');
    expect(diff.unchanged).toBe(false);
  });

  it('reports binds and status changes with before and after', () => {
    const [riley] = partnerCopies(base);
    itemElement(riley, 'c').setAttribute('binds', sam);
    itemElement(riley, 'd').setAttribute('status', 'retired');
    const diff = diffAgreements(base, read(riley));
    expect(diff.changed).toEqual([
      expect.objectContaining({ id: 'c', fields: ['binds'], binds: { before: 'both', after: sam } }),
      expect.objectContaining({ id: 'd', fields: ['status'], status: { before: 'active', after: 'retired' } }),
    ]);
    expect(diff.changed[0].title).toBeUndefined();
  });

  it('finds nothing between a document and itself', () => {
    const [riley] = partnerCopies(base);
    expect(diffAgreements(base, read(riley))).toEqual({ added: [], removed: [], changed: [], moved: [], renumbered: [], unchanged: true });
  });

  it('reports a moved item as moved, not as removed and added', () => {
    const [riley] = partnerCopies(base);
    moveItem(riley, 'd', 0);
    expect(read(riley).map((item) => item.id)).toEqual(['d', 'a', 'b', 'c']);
    const diff = diffAgreements(base, read(riley));
    expect(diff.moved).toEqual([{ id: 'd', item: base[3], from: 4, to: 1 }]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
    // The others moved down a place only because d went before them.
    expect(diff.renumbered.map((entry) => [entry.id, entry.from, entry.to])).toEqual([
      ['a', 1, 2],
      ['b', 2, 3],
      ['c', 3, 4],
    ]);
  });

  it('matches by id, never by position: an item added first is one addition, a removed one one removal', () => {
    const [riley] = partnerCopies(base);
    const added = newAgreementItem({ title: 'Kind words', text: 'We thank each other.' });
    const fragment = riley.getXmlFragment(AGREEMENT_FRAGMENT);
    riley.transact(() => {
      fragment.delete(fragment.toArray().indexOf(itemElement(riley, 'c')), 1);
    });
    const seedDoc = new Y.Doc();
    writeAgreementItems(seedDoc.getXmlFragment('x'), [added]);
    fragment.insert(0, [(seedDoc.getXmlFragment('x').get(0) as Y.XmlElement).clone()]);

    const diff = diffAgreements(base, read(riley));
    expect(diff.added).toEqual([{ item: added, number: 1 }]);
    expect(diff.removed).toEqual([{ item: base[2], number: 3 }]);
    expect(diff.changed).toEqual([]);
    expect(diff.moved).toEqual([]);
    expect(diff.renumbered.map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('merges concurrent edits to different items, and both show in each copy and in the diff', () => {
    const [riley, sams] = partnerCopies(base);
    retype(textOf(riley, 'a', 1), 'open', 'visible');
    itemElement(sams, 'c').setAttribute('binds', sam);
    retype(textOf(sams, 'c', 0), 'Time-outs', 'Asking for a time-out');
    exchange(riley, sams);

    expect(read(riley)).toEqual(read(sams));
    const diff = diffAgreements(base, read(riley));
    expect(diff.changed.map((change) => [change.id, change.fields])).toEqual([
      ['a', ['text']],
      ['c', ['title', 'binds']],
    ]);
    expect(diff.changed[0].text).toEqual([
      { kind: 'same', text: 'We keep our phones ' },
      { kind: 'removed', text: 'open' },
      { kind: 'added', text: 'visible' },
      { kind: 'same', text: ' to each other.' },
    ]);
    expect(conflictingItems(base, read(riley), read(sams))).toEqual([]);
  });

  it('merges words typed at once into one item, and still reads one item', () => {
    const [riley, sams] = partnerCopies(base);
    retype(textOf(riley, 'b', 1), 'late', 'late, kindly');
    retype(textOf(sams, 'b', 1), 'We send', 'We each send');
    exchange(riley, sams);
    const merged = read(riley);
    expect(merged).toEqual(read(sams));
    expect(merged[1].text).toBe('We each send a message when we are late, kindly.');
    expect(merged).toHaveLength(4);
  });
});

describe('conflicts for a stale proposal', () => {
  it('finds the item both partners changed since the base, and only that one', () => {
    const [riley, sams] = partnerCopies(base);
    retype(textOf(riley, 'b', 1), 'a message', 'a text');
    retype(textOf(sams, 'b', 1), 'when we are late', 'within ten minutes');
    retype(textOf(sams, 'a', 0), 'phones', 'phones and accounts');
    expect(conflictingItems(base, read(riley), read(sams))).toEqual(['b']);
  });

  it('finds an item one side changed and the other removed, either way round', () => {
    const [riley, sams] = partnerCopies(base);
    itemElement(riley, 'd').setAttribute('status', 'retired');
    const fragment = sams.getXmlFragment(AGREEMENT_FRAGMENT);
    fragment.delete(fragment.toArray().indexOf(itemElement(sams, 'd')), 1);
    expect(conflictingItems(base, read(riley), read(sams))).toEqual(['d']);
    expect(conflictingItems(base, read(sams), read(riley))).toEqual(['d']);
  });

  it('is no conflict when both made the same change, both removed an item, or one only moved it', () => {
    const [riley, sams] = partnerCopies(base);
    itemElement(riley, 'a').setAttribute('binds', sam);
    itemElement(sams, 'a').setAttribute('binds', sam);
    for (const doc of [riley, sams]) {
      const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
      fragment.delete(fragment.toArray().indexOf(itemElement(doc, 'c')), 1);
    }
    moveItem(riley, 'b', 0);
    retype(textOf(sams, 'b', 1), 'late', 'late tonight');
    expect(conflictingItems(base, read(riley), read(sams))).toEqual([]);
  });
});

describe('word segments', () => {
  it('gives whole-text segments for an empty side and nothing for two empty texts', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('', 'new words')).toEqual([{ kind: 'added', text: 'new words' }]);
    expect(diffText('old words', '')).toEqual([{ kind: 'removed', text: 'old words' }]);
  });

  it('stays correct on long texts that differ everywhere', () => {
    const before = Array.from({ length: 3_000 }, (_, i) => `w${i}`).join(' ');
    const after = Array.from({ length: 3_000 }, (_, i) => `v${i}`).join(' ');
    const segments = diffText(before, after);
    expect(segments.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(before);
    expect(segments.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe(after);
  });
});
