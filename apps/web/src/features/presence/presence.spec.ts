import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { NOT_CONNECTED_YET, nextPresenceView, presentPeople, type PresentPerson } from './presence';

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

describe('what the presence list may claim', () => {
  const me: PresentPerson = { accountId: 'acc-sam', name: 'Sam', color: '#1f6f78', role: 'partner', typing: false, self: true };
  const alex: PresentPerson = { accountId: 'acc-alex', name: 'Alex', color: '#8a4baf', role: 'partner', typing: true, self: false };

  it('live, it lists who is here now', () => {
    expect(nextPresenceView(NOT_CONNECTED_YET, true, [me, alex], 1)).toEqual({ live: true, people: [me, alex], lastSeenAt: null });
  });

  it('when the connection goes, it keeps whom it saw last, as last seen then, not as here now', () => {
    const live = nextPresenceView(NOT_CONNECTED_YET, true, [me, alex], 1);
    // The provider has already dropped the others' states by the time it says it is disconnected.
    const stale = nextPresenceView(live, false, [me], 5000);
    expect(stale).toEqual({ live: false, people: [me, alex], lastSeenAt: 5000 });
    // Still offline later: the moment last seen does not move.
    expect(nextPresenceView(stale, false, [me], 9000)).toBe(stale);
    // Back: live again, with whoever is here now.
    expect(nextPresenceView(stale, true, [me], 12000)).toEqual({ live: true, people: [me], lastSeenAt: null });
  });

  it('opened offline, it claims nobody but me, and no time last seen', () => {
    expect(nextPresenceView(NOT_CONNECTED_YET, false, [me, alex], 1)).toEqual({ live: false, people: [me], lastSeenAt: null });
  });
});
