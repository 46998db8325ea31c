import * as Y from 'yjs';
import {
  AGREEMENT_FRAGMENT,
  AGREEMENT_ITEM_NODE,
  AGREEMENT_ITEM_TITLE_NODE,
  LOOSE_TEXT_ITEM_ID,
  newAgreementItem,
  type AgreementItem,
} from './agreement-item';
import { readAgreement, writeAgreementItems } from './agreement-yjs';
import { AGREEMENT_TEMPLATES, agreementItemsFromTemplate, findAgreementTemplate } from './agreement-templates';

const riley = '00000000-0000-4000-8000-000000000001';

function seeded(items: AgreementItem[]): Y.Doc {
  const doc = new Y.Doc();
  writeAgreementItems(doc.getXmlFragment(AGREEMENT_FRAGMENT), items);
  return doc;
}

describe('an agreement in a Yjs document', () => {
  it('reads back exactly the items written, in order, with their ids', () => {
    const items = [
      newAgreementItem({ title: 'Phones', text: 'We keep our phones open.\n\nWe talk first.' }),
      newAgreementItem({ title: 'Late', text: '', binds: riley, status: 'retired' }),
    ];
    const doc = seeded(items);
    expect(readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT))).toEqual(items);
    // The shape is the one the editor's schema gives: item > title, paragraph+.
    const first = doc.getXmlFragment(AGREEMENT_FRAGMENT).get(0) as Y.XmlElement;
    expect(first.nodeName).toBe(AGREEMENT_ITEM_NODE);
    expect((first.toArray() as Y.XmlElement[]).map((child) => child.nodeName)).toEqual([
      AGREEMENT_ITEM_TITLE_NODE,
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
  });

  it('survives a round trip through an update to another document', () => {
    const items = agreementItemsFromTemplate(findAgreementTemplate('rebuilding-trust')!);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(seeded(items)));
    expect(readAgreement(other.getXmlFragment(AGREEMENT_FRAGMENT))).toEqual(items);
  });

  it('reads an empty document as no items, and a blank template as one empty item', () => {
    expect(readAgreement(new Y.Doc().getXmlFragment(AGREEMENT_FRAGMENT))).toEqual([]);
    const blank = agreementItemsFromTemplate(findAgreementTemplate('blank')!);
    expect(readAgreement(seeded(blank).getXmlFragment(AGREEMENT_FRAGMENT))).toEqual([
      { id: blank[0].id, title: '', text: '', binds: 'both', status: 'active' },
    ]);
  });

  it('gives every template item a fresh uuid each time, binding both', () => {
    const starter = findAgreementTemplate('rebuilding-trust')!;
    const a = agreementItemsFromTemplate(starter);
    const b = agreementItemsFromTemplate(starter);
    expect(a.map((item) => item.title)).toEqual([
      'Openness about phones and accounts',
      'Contact with the person involved',
      'Checking in when late',
      'How to ask for a time-out',
    ]);
    for (const item of [...a, ...b]) {
      expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(item.binds).toBe('both');
      expect(item.text.length).toBeGreaterThan(0);
    }
    expect(new Set([...a, ...b].map((item) => item.id)).size).toBe(8);
    expect(AGREEMENT_TEMPLATES.map((template) => template.name)[0]).toBe('Blank');
  });

  it('reads an old agreement written as plain paragraphs as one untitled item', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    heading.insert(0, [new Y.XmlText('Our agreement')]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText('We check in ');
    paragraph.insert(0, [text]);
    const list = new Y.XmlElement('bulletList');
    const listItem = new Y.XmlElement('listItem');
    const inList = new Y.XmlElement('paragraph');
    inList.insert(0, [new Y.XmlText('when late')]);
    listItem.insert(0, [inList]);
    list.insert(0, [listItem]);
    fragment.insert(0, [heading, paragraph, new Y.XmlElement('paragraph'), list]);
    text.insert(text.length, 'often', { bold: true });

    // Blocks without text (the empty paragraph) are skipped; marks are dropped.

    expect(readAgreement(fragment)).toEqual([
      { id: LOOSE_TEXT_ITEM_ID, title: '', text: 'Our agreement\nWe check in often\nwhen late', binds: 'both', status: 'active' },
    ]);
  });

  it('places loose text where it first stands, after items before it', () => {
    const first = newAgreementItem({ title: 'One' });
    const doc = seeded([first]);
    const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
    const empty = new Y.XmlElement('paragraph');
    const loose = new Y.XmlElement('paragraph');
    loose.insert(0, [new Y.XmlText('stray words')]);
    fragment.insert(1, [empty, loose]);
    writeAgreementItems(fragment, [newAgreementItem({ title: 'Two' })]);
    expect(readAgreement(fragment).map((item) => [item.id === first.id ? 'first' : item.id === LOOSE_TEXT_ITEM_ID ? 'loose' : 'two', item.text])).toEqual([
      ['first', ''],
      ['loose', 'stray words'],
      ['two', ''],
    ]);
  });
});

describe('reading a hostile agreement', () => {
  it('reads missing, wrong-typed and repeated attributes without throwing', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
    const bare = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    const typed = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    (typed as unknown as { setAttribute(k: string, v: unknown): void }).setAttribute('itemId', { evil: true });
    (typed as unknown as { setAttribute(k: string, v: unknown): void }).setAttribute('binds', 42);
    typed.setAttribute('status', 'deleted');
    const copyA = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    copyA.setAttribute('itemId', 'same');
    const copyB = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    copyB.setAttribute('itemId', 'same');
    copyB.setAttribute('status', 'retired');
    const long = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    long.setAttribute('itemId', 'x'.repeat(10_000));
    fragment.insert(0, [bare, typed, copyA, copyB, long]);

    expect(readAgreement(fragment)).toEqual([
      { id: 'missing-id-1', title: '', text: '', binds: 'both', status: 'active' },
      { id: 'missing-id-2', title: '', text: '', binds: 'both', status: 'active' },
      { id: 'same', title: '', text: '', binds: 'both', status: 'active' },
      { id: 'same~2', title: '', text: '', binds: 'both', status: 'retired' },
      { id: 'missing-id-5', title: '', text: '', binds: 'both', status: 'active' },
    ]);
  });

  it('reads unknown nodes, hooks, embeds, a second title and deep nesting as text or nothing', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
    const item = new Y.XmlElement(AGREEMENT_ITEM_NODE);
    item.setAttribute('itemId', 'odd');
    const unknown = new Y.XmlElement('blink');
    unknown.insert(0, [new Y.XmlText('unknown words')]);
    const title = new Y.XmlElement(AGREEMENT_ITEM_TITLE_NODE);
    title.insert(0, [new Y.XmlText('Real title')]);
    const secondTitle = new Y.XmlElement(AGREEMENT_ITEM_TITLE_NODE);
    secondTitle.insert(0, [new Y.XmlText('second')]);
    let deep = new Y.XmlElement('div');
    const root = deep;
    for (let i = 0; i < 200; i++) {
      const next = new Y.XmlElement('div');
      deep.insert(0, [next]);
      deep = next;
    }
    deep.insert(0, [new Y.XmlText('too deep')]);
    const embedded = new Y.XmlText('a');
    item.insert(0, [unknown, title, secondTitle, new Y.XmlHook('hook') as unknown as Y.XmlElement, root, embedded]);
    embedded.insertEmbed(1, { image: 'x' });
    embedded.insert(2, 'b');
    fragment.insert(0, [item, new Y.XmlHook('top') as unknown as Y.XmlElement, new Y.XmlText('bare text at the top')]);

    expect(() => readAgreement(fragment)).not.toThrow();
    expect(readAgreement(fragment)).toEqual([
      { id: 'odd', title: 'Real title', text: 'unknown words\nsecond\nab', binds: 'both', status: 'active' },
      { id: LOOSE_TEXT_ITEM_ID, title: '', text: 'bare text at the top', binds: 'both', status: 'active' },
    ]);
  });

  it('reads a huge text whole, and many items, without throwing', () => {
    const huge = 'word '.repeat(200_000);
    const many = Array.from({ length: 2_000 }, (_, i) => newAgreementItem({ title: `Item ${i}`, text: `Text ${i}` }));
    const doc = seeded([newAgreementItem({ title: 'Huge', text: huge }), ...many]);
    const read = readAgreement(doc.getXmlFragment(AGREEMENT_FRAGMENT));
    expect(read).toHaveLength(2_001);
    expect(read[0].text).toHaveLength(huge.length);
    expect(read[2_000].title).toBe('Item 1999');
  });
});
