import * as Y from 'yjs';
import { authoredBlocks, BURST_GAP_MS, KeptUpdate, replayEdits } from './document-replay';

/** Two people's documents kept in step, each update recorded with its author and a time. */
function pair() {
  const log: KeptUpdate[] = [];
  let clock = Date.parse('2026-11-25T20:00:00Z');
  const docs = { alex: new Y.Doc(), blake: new Y.Doc() };
  const owners = new Map<number, string>([
    [docs.alex.clientID, 'alex'],
    [docs.blake.clientID, 'blake'],
  ]);
  for (const [name, doc] of Object.entries(docs)) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      log.push({ id: String(log.length + 1), data: update, accountId: name, at: new Date(clock) });
      for (const other of Object.values(docs)) if (other !== doc) Y.applyUpdate(other, update, 'remote');
    });
  }
  return { docs, owners, log, later: (ms: number) => (clock += ms) };
}

describe('reading authorship and edits from kept updates', () => {
  it('reads headings, list items and an agreement-like map of texts, each character by its writer', () => {
    const { docs, owners } = pair();
    const fragment = docs.alex.getXmlFragment('default');
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    const title = new Y.XmlText();
    heading.insert(0, [title]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const itemParagraph = new Y.XmlElement('paragraph');
    const itemText = new Y.XmlText();
    itemParagraph.insert(0, [itemText]);
    item.insert(0, [itemParagraph]);
    list.insert(0, [item]);
    fragment.insert(0, [heading, list]);
    title.insert(0, 'Phones');
    itemText.insert(0, 'unlocked');
    const items = docs.blake.getMap<Y.Text>('items');
    const text = new Y.Text();
    items.set('item-1', text);
    text.insert(0, 'We check in');
    const blakesItemText = ((((docs.blake.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0)) as Y.XmlText;
    blakesItemText.insert(0, 'stay ');

    // The server reads a document decoded from bytes, not one built with these types.
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(docs.alex));
    const blocks = authoredBlocks(stored, owners).map((b) => [b.type, b.runs.map((r) => [r.text, r.authorId])]);
    // Roots by name: the editor's 'default', then 'items'.
    expect(blocks).toEqual([
      ['heading', [['Phones', 'alex']]],
      ['paragraph', [['stay ', 'blake'], ['unlocked', 'alex']]],
      ['item-1', [['We check in', 'blake']]],
    ]);
  });

  it('groups an author’s updates into one edit until another writes or two minutes pass', () => {
    const { docs, log, later } = pair();
    const text = docs.alex.getText('t');
    text.insert(0, 'one ');
    later(1000);
    text.insert(text.length, 'two ');
    later(BURST_GAP_MS);
    text.insert(text.length, 'three ');
    later(1000);
    docs.blake.getText('t').delete(0, 'one '.length);
    const edits = replayEdits(null, log);
    expect(edits.map((e) => [e.authorId, e.updates, e.wordsAdded, e.wordsRemoved, e.snippet])).toEqual([
      ['alex', 2, 2, 0, 'one two'],
      ['alex', 1, 1, 0, 'three'],
      ['blake', 1, 0, 1, 'one'],
    ]);
  });

  it('counts only what an edit left: words typed and taken back within it are neither added nor removed', () => {
    const { docs, log } = pair();
    const text = docs.alex.getText('t');
    text.insert(0, 'keep tpyo');
    text.delete(5, 4);
    text.insert(5, 'typo');
    const [edit] = replayEdits(null, log);
    expect(edit).toMatchObject({ wordsAdded: 2, wordsRemoved: 0, snippet: 'keep typo' });
  });

  it('marks only the part of a merged struct that the edit shown added or removed', () => {
    const { docs, log, owners, later } = pair();
    const text = docs.alex.getText('t');
    text.insert(0, 'We talk ');
    later(BURST_GAP_MS);
    // Typed on in a later edit: Yjs merges it into the same struct as the first words.
    text.insert(text.length, 'daily');
    text.delete(0, 'We '.length);
    const edits = replayEdits(null, log);
    expect(edits.map((e) => [e.wordsAdded, e.wordsRemoved, e.snippet])).toEqual([
      [2, 0, 'We talk'],
      [1, 1, 'daily'],
    ]);
    const doc = new Y.Doc({ gc: false });
    Y.applyUpdate(doc, log[0]!.data);
    const before = Y.decodeStateVector(Y.encodeStateVector(doc));
    const removed = new Map<number, Array<[number, number]>>();
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      for (const [client, ds] of tr.deleteSet.clients) for (const d of ds) removed.set(client, [...(removed.get(client) ?? []), [d.clock, d.clock + d.len]]);
    });
    for (const u of log.slice(1)) Y.applyUpdate(doc, u.data);
    expect(authoredBlocks(doc, owners, { before, removed })[0]!.runs).toEqual([
      { text: 'We ', authorId: 'alex', change: 'removed' },
      { text: 'talk ', authorId: 'alex' },
      { text: 'daily', authorId: 'alex', change: 'added' },
    ]);
  });
});
