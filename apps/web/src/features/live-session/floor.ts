import type { FloorTurn, LiveSessionView } from '@kinship/domain/rules';

/** Where a person sits in the speaker–listener exercise right now. */
export type FloorSeat = 'speaker' | 'listener' | 'counselor' | 'onlooker';

export function floorSeat(floor: FloorTurn | null, me: { accountId: string; role: string }): FloorSeat {
  if (me.role === 'counselor') return 'counselor';
  if (!floor) return 'onlooker';
  if (floor.speakerId === me.accountId) return 'speaker';
  if (floor.listenerId === me.accountId) return 'listener';
  return 'onlooker';
}

/** The floor may pass (or be released) when nobody holds it, or once the turn's mirror is confirmed. */
export function floorMayPass(floor: FloorTurn | null): boolean {
  return floor === null || floor.phase === 'confirmed';
}

/**
 * The floor panel's sentence for everyone: who has the floor and what happens now, in the
 * product's words. `nameOf` finds a display name; `me` is the reader (they read "you").
 */
export function floorSentence(session: LiveSessionView, meId: string, nameOf: (accountId: string) => string | undefined): string {
  const floor = session.floor;
  if (!floor) return 'Nobody has the floor. Your counselor gives it to one of you when it is time.';
  const who = (id: string, fallback: string) => (id === meId ? 'you' : (nameOf(id) ?? fallback));
  const speaker = who(floor.speakerId, 'the speaker');
  const listener = who(floor.listenerId, 'the listener');
  const Speaker = capitalize(speaker);
  const Listener = capitalize(listener);
  switch (floor.phase) {
    case 'speaking':
      return floor.speakerId === meId
        ? `You have the floor. ${Listener} listens without interrupting.`
        : `${Speaker} has the floor. ${Listener === 'You' ? 'You listen' : `${Listener} listens`} without interrupting.`;
    case 'mirroring':
      return `${Listener} ${Listener === 'You' ? 'put' : 'puts'} into words what ${Listener === 'You' ? 'you' : 'they'} heard ${speaker} say.`;
    case 'confirming':
      return `${Speaker} ${Speaker === 'You' ? 'read' : 'reads'} ${listener === 'you' ? 'your' : `${listener}'s`} mirror.`;
    case 'confirmed':
      return `${Speaker} confirmed: that's what ${Speaker === 'You' ? 'you' : 'they'} meant.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
