import type { FloorTurn, LiveSessionView } from '@kinship/domain/rules';
import { floorMayPass, floorSeat, floorSentence } from './floor';

const names: Record<string, string> = { alex: 'Alex', sam: 'Sam', robin: 'Robin' };
const nameOf = (id: string) => names[id];

function turn(phase: FloorTurn['phase']): FloorTurn {
  return { turnId: 't', speakerId: 'alex', listenerId: 'sam', since: '2026-03-01T10:00:00.000Z', phase, mirror: null, clarification: null };
}

function withFloor(floor: FloorTurn | null): LiveSessionView {
  return {
    id: 's',
    workspaceId: 'w',
    startedAt: '2026-03-01T10:00:00.000Z',
    startedBy: 'robin',
    endedAt: null,
    dialogueDocumentId: 'd',
    lockedDocumentIds: [],
    pause: null,
    floor,
    timer: { durationMs: null, runningSince: null, elapsedMs: 0 },
    timeOuts: [],
    participantIds: [],
  };
}

describe('the floor, as each person sees it', () => {
  it('seats the speaker, the listener and the counselor', () => {
    const floor = turn('speaking');
    expect(floorSeat(floor, { accountId: 'alex', role: 'partner' })).toBe('speaker');
    expect(floorSeat(floor, { accountId: 'sam', role: 'partner' })).toBe('listener');
    expect(floorSeat(floor, { accountId: 'robin', role: 'counselor' })).toBe('counselor');
    expect(floorSeat(null, { accountId: 'alex', role: 'partner' })).toBe('onlooker');
  });

  it('may pass only when free or once the mirror is confirmed', () => {
    expect(floorMayPass(null)).toBe(true);
    expect(floorMayPass(turn('speaking'))).toBe(false);
    expect(floorMayPass(turn('mirroring'))).toBe(false);
    expect(floorMayPass(turn('confirming'))).toBe(false);
    expect(floorMayPass(turn('confirmed'))).toBe(true);
  });

  it('says who has the floor and what happens now, with "you" for the reader', () => {
    expect(floorSentence(withFloor(turn('speaking')), 'robin', nameOf)).toBe('Alex has the floor. Sam listens without interrupting.');
    expect(floorSentence(withFloor(turn('speaking')), 'alex', nameOf)).toBe('You have the floor. Sam listens without interrupting.');
    expect(floorSentence(withFloor(turn('speaking')), 'sam', nameOf)).toBe('Alex has the floor. You listen without interrupting.');
    expect(floorSentence(withFloor(turn('mirroring')), 'sam', nameOf)).toBe('You put into words what you heard Alex say.');
    expect(floorSentence(withFloor(turn('mirroring')), 'robin', nameOf)).toBe('Sam puts into words what they heard Alex say.');
    expect(floorSentence(withFloor(turn('confirming')), 'alex', nameOf)).toBe("You read Sam's mirror.");
    expect(floorSentence(withFloor(turn('confirming')), 'sam', nameOf)).toBe('Alex reads your mirror.');
    expect(floorSentence(withFloor(turn('confirmed')), 'robin', nameOf)).toBe("Alex confirmed: that's what they meant.");
    expect(floorSentence(withFloor(null), 'robin', nameOf)).toMatch(/^Nobody has the floor/);
  });
});
