import fc from 'fast-check';
import * as Y from 'yjs';
import { YJS_THROWS_ON_THIS } from '../../test/support/hostile-updates';
import { dependenciesKnown, readUpdateShape, refuseOverLimits, UpdateRefused } from './update-shape';

/** Real updates made by real Yjs edits of every content kind the editor and tests produce. */
function realUpdates(seed: number): Uint8Array[] {
  const random = fc.sample(fc.integer({ min: 0, max: 1000 }), { seed, numRuns: 200 });
  let i = 0;
  const next = () => random[i++ % random.length]!;
  const a = new Y.Doc();
  const b = new Y.Doc();
  const updates: Uint8Array[] = [];
  a.on('update', (u: Uint8Array) => updates.push(u));
  b.on('update', (u: Uint8Array) => updates.push(u));
  for (const doc of [a, b]) {
    const text = doc.getText('t');
    text.insert(0, `hello ${next()} wörld 😀`);
    text.format(1, 3, { bold: true });
    text.insertEmbed(2, { image: 'x.png' });
    text.delete(0, Math.min(2, text.length));
    const map = doc.getMap('m');
    map.set('k', { nested: [1, 'two', null, true] });
    map.set('bin', new Uint8Array([1, 2, 3]));
    map.set('arr', Y.Array.from([1, 2, 3]));
    const fragment = doc.getXmlFragment('default');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`line ${next()}`)]);
    fragment.insert(0, [paragraph, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
    doc.getArray('a').insert(0, [next(), 'x', { y: 1 }]);
  }
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.getText('t').insert(3, 'concurrent');
  b.getText('t').insert(3, 'edits');
  updates.push(Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b), Y.mergeUpdates(updates.slice(0, 5)));
  return updates;
}

describe('reading an update’s shape before it touches a document', () => {
  it('agrees with Yjs on every real update: clients, clocks, structs and deletions', () => {
    for (const seed of [1, 2, 3]) {
      for (const update of realUpdates(seed)) {
        const shape = readUpdateShape(update);
        const decoded = Y.decodeUpdate(update);
        const meta = Y.parseUpdateMeta(update);
        expect(shape.structs).toBe(decoded.structs.length);
        expect([...shape.ranges.entries()].map(([c, r]) => [c, r.from, r.to]).sort()).toEqual(
          [...meta.from.entries()].map(([c, from]) => [c, from, meta.to.get(c)]).sort(),
        );
        const deletes: Array<[number, number, number]> = [];
        decoded.ds.clients.forEach((items, client) => items.forEach((item) => deletes.push([client, item.clock, item.len])));
        const read: Array<[number, number, number]> = [];
        for (let i = 0; i < shape.deletes.length; i += 3) read.push([shape.deletes[i]!, shape.deletes[i + 1]!, shape.deletes[i + 2]!]);
        expect(read.sort()).toEqual(deletes.sort());
      }
    }
  });

  it('refuses every truncation of a real update (Yjs would half-apply some of them)', () => {
    for (const update of realUpdates(7)) {
      for (let cut = 0; cut < update.length; cut++) {
        expect(() => readUpdateShape(update.subarray(0, cut))).toThrow(UpdateRefused);
      }
    }
  });

  it('reads any bytes without throwing anything but a refusal', () => {
    const samples = realUpdates(11);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.uint8Array({ maxLength: 64 }),
        (which, edits, random) => {
          const update = Uint8Array.from(samples[which]!);
          for (const [at, value] of edits) update[at % update.length] = value;
          for (const bytes of [update, random]) {
            try {
              readUpdateShape(bytes);
            } catch (error) {
              expect(error).toBeInstanceOf(UpdateRefused);
            }
          }
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('an update that passes every check may still make Yjs throw: the room must treat that as fatal', () => {
    // Found by the mutation search above: well-formed, no missing dependency, yet Yjs throws
    // half-way through integrating it. DocRoom drops the room on such a throw (sync.spec.ts).
    const update = Uint8Array.from(Buffer.from(YJS_THROWS_ON_THIS, 'hex'));
    expect(dependenciesKnown(readUpdateShape(update), () => 0)).toBe(true);
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
  });

  it('refuses sub-documents', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('sub', new Y.Doc());
    expect(() => readUpdateShape(Y.encodeStateAsUpdate(doc))).toThrow(expect.objectContaining({ kind: 'unsupported' }));
  });

  it('refuses an update that brings more new items or new clients than the limits allow', () => {
    const many = new Y.Doc();
    const list = many.getArray<number>('a');
    for (let i = 0; i < 50; i++) list.insert(0, [i]); // each insert at the start is its own item
    const update = Y.encodeStateAsUpdate(many);
    const nothingKnown = () => 0;
    expect(() => refuseOverLimits(readUpdateShape(update), nothingKnown, { maxItems: 49, maxClients: 10 })).toThrow(expect.objectContaining({ kind: 'too-large' }));
    expect(() => refuseOverLimits(readUpdateShape(update), nothingKnown, { maxItems: 50, maxClients: 10 })).not.toThrow();

    const docs = Array.from({ length: 5 }, () => new Y.Doc());
    docs.forEach((d, i) => d.getText('t').insert(0, `client ${i}`));
    const merged = readUpdateShape(Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d))));
    expect(() => refuseOverLimits(merged, nothingKnown, { maxItems: 100, maxClients: 4 })).toThrow(expect.objectContaining({ kind: 'too-large' }));
    expect(() => refuseOverLimits(merged, nothingKnown, { maxItems: 100, maxClients: 5 })).not.toThrow();
  });

  it('never counts what the document already holds: a delete set naming hundreds of sessions, or structs it has', () => {
    // A document that has lived: 300 page loads, each a new client id that typed and deleted.
    const server = new Y.Doc();
    for (let session = 0; session < 300; session++) {
      const page = new Y.Doc();
      Y.applyUpdate(page, Y.encodeStateAsUpdate(server));
      page.getText('t').insert(0, `visit ${session} `);
      page.getText('t').delete(0, 3);
      Y.applyUpdate(server, Y.encodeStateAsUpdate(page));
    }
    // A device coming back with its copy answers sync step 1 with everything: all of it is history.
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    const reply = readUpdateShape(Y.encodeStateAsUpdate(device, Y.encodeStateVector(server)));
    expect(reply.deletes.length / 3).toBeGreaterThanOrEqual(300);
    const serverKnows = (client: number) => Y.getState(server.store, client);
    expect(() => refuseOverLimits(reply, serverKnows, { maxItems: 10, maxClients: 2 })).not.toThrow();
    const whole = readUpdateShape(Y.encodeStateAsUpdate(device));
    expect(whole.ranges.size).toBe(300);
    expect(() => refuseOverLimits(whole, serverKnows, { maxItems: 10, maxClients: 2 })).not.toThrow();
    // The same bytes to an empty document are 300 clients' new writing.
    expect(() => refuseOverLimits(whole, () => 0, { maxItems: 100_000, maxClients: 64 })).toThrow(expect.objectContaining({ kind: 'too-large' }));
  });

  it('refuses counts that the bytes left could not hold, before allocating for them', () => {
    // One client group claiming 30 million structs in a 10-byte update.
    const bogus = Uint8Array.of(1, 0x80, 0x87, 0xa7, 0x0e, 1, 0, 0, 0, 0);
    expect(() => readUpdateShape(bogus)).toThrow(/count exceeds/);
  });
});
