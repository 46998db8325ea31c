import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { presentPeople } from './presence';

/** Real awareness instances, exchanging real awareness updates as the sync server relays them. */
function person(name: string, accountId: string, role: 'counselor' | 'partner') {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalStateField('user', { name, accountId, role, color: '#1f6f78' });
  return awareness;
}

function share(from: Awareness, to: Awareness) {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'server');
}

describe('who is here now', () => {
  const all: Awareness[] = [];
  afterAll(() => all.forEach((a) => a.destroy()));

  it('lists me first, then the others by name, each person once however many tabs they have open', () => {
    const me = person('Sam', 'acc-sam', 'partner');
    const counselorTab1 = person('Dr Rivera', 'acc-dr', 'counselor');
    const counselorTab2 = person('Dr Rivera', 'acc-dr', 'counselor');
    const alex = person('Alex', 'acc-alex', 'partner');
    all.push(me, counselorTab1, counselorTab2, alex);
    for (const other of [counselorTab1, counselorTab2, alex]) share(other, me);
    counselorTab2.setLocalStateField('typing', true);
    share(counselorTab2, me);

    const people = presentPeople(me);
    expect(people.map((p) => [p.name, p.role, p.self])).toEqual([
      ['Sam', 'partner', true],
      ['Alex', 'partner', false],
      ['Dr Rivera', 'counselor', false],
    ]);
    expect(people.find((p) => p.name === 'Dr Rivera')?.typing).toBe(true);
    expect(people.find((p) => p.name === 'Alex')?.typing).toBe(false);
  });

  it('drops someone as soon as their state is removed', () => {
    const me = person('Sam', 'acc-sam', 'partner');
    const alex = person('Alex', 'acc-alex', 'partner');
    all.push(me, alex);
    share(alex, me);
    expect(presentPeople(me).map((p) => p.name)).toEqual(['Sam', 'Alex']);
    alex.setLocalState(null);
    share(alex, me);
    expect(presentPeople(me).map((p) => p.name)).toEqual(['Sam']);
  });
});
