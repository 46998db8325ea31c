import { applyRepairMove, newRepair, REPAIR_BREAK_MS, RepairActor, RepairMove, RepairResult, RepairState, repairTurnWords } from './repair';
import { can } from './roles';
import { visibleRepair } from '../wire/repairs';

const A: RepairActor = { accountId: 'alex', role: 'partner' };
const B: RepairActor = { accountId: 'blake', role: 'partner' };
const C: RepairActor = { accountId: 'casey', role: 'counselor' };
const names: Record<string, string> = { alex: 'Alex', blake: 'Blake', casey: 'Casey' };
const name = (id: string) => names[id] ?? id;
const t0 = new Date('2026-12-06T20:00:00Z');

function ok(result: RepairResult): RepairState {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.state;
}
function refused(result: RepairResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.message;
}
function play(state: RepairState, moves: [RepairActor, RepairMove][], now = t0): RepairState {
  return moves.reduce((s, [actor, move]) => ok(applyRepairMove(s, actor, move, now, name)), state);
}

describe('the guided repair step machine', () => {
  it('goes through every step, each gated on both partners, to done', () => {
    let s = newRepair('incident', ['alex', 'blake']);
    s = play(s, [[A, { type: 'calm' }]]);
    expect(s.step).toBe('calm');
    expect(refused(applyRepairMove(s, A, { type: 'feelings', feelings: ['hurt'] }, t0, name))).toMatch(/another step/);
    s = play(s, [[B, { type: 'calm' }]]);
    expect(s.step).toBe('feelings');
    s = play(s, [
      [A, { type: 'feelings', feelings: ['hurt', 'lonely'] }],
      [B, { type: 'feelings', feelings: ['scared'] }],
    ]);
    expect(s.step).toBe('views');
    // Alex tells first; Blake restates; "not quite"; Blake restates again; heard.
    expect(refused(applyRepairMove(s, B, { type: 'tell', text: 'Mine first' }, t0, name))).toBe('It is Alex’s turn to tell their view; yours comes next');
    s = play(s, [[A, { type: 'tell', text: 'I waited an hour' }]]);
    expect(refused(applyRepairMove(s, A, { type: 'restate', text: 'I restate myself' }, t0, name))).toMatch(/Blake says Alex’s view back/);
    s = play(s, [[B, { type: 'restate', text: 'You were late' }]]);
    expect(refused(applyRepairMove(s, B, { type: 'heard' }, t0, name))).toBe('Only Alex, whose view it is, says whether it was heard');
    s = play(s, [
      [A, { type: 'not-quite' }],
      [B, { type: 'restate', text: 'You waited an hour and felt alone' }],
      [A, { type: 'heard' }],
    ]);
    expect(s.views.rounds[0]).toEqual({ teller: 'alex', telling: 'I waited an hour', restatements: ['You were late', 'You waited an hour and felt alone'], heard: true });
    expect(s.views).toMatchObject({ round: 1, phase: 'tell' });
    s = play(s, [
      [B, { type: 'tell', text: 'My phone died' }],
      [A, { type: 'restate', text: 'Your phone died' }],
      [B, { type: 'heard' }],
    ]);
    expect(s.step).toBe('triggers');
    s = play(s, [
      [A, { type: 'trigger', text: 'Silence' }],
      [B, { type: 'trigger', text: 'Being blamed' }],
      [A, { type: 'own', text: 'I did not ask' }],
      [B, { type: 'own', text: 'I did not charge it' }],
      [A, { type: 'differently', text: 'I will ask first' }],
    ]);
    expect(s.step).toBe('differently');
    s = play(s, [[B, { type: 'differently', text: 'I will carry a charger' }]]);
    expect(s).toMatchObject({ step: 'done', status: 'done', endedAt: t0.toISOString() });
    expect(refused(applyRepairMove(s, A, { type: 'calm' }, t0, name))).toMatch(/finished/);
  });

  it('a break lasts at least 20 minutes: nothing is written until it has passed and someone resumes', () => {
    let s = play(newRepair('incident', ['alex', 'blake']), [[A, { type: 'calm' }], [B, { type: 'break' }]]);
    expect(s.breakUntil).toBe(new Date(t0.getTime() + REPAIR_BREAK_MS).toISOString());
    const almost = new Date(t0.getTime() + REPAIR_BREAK_MS - 1000);
    expect(refused(applyRepairMove(s, B, { type: 'calm' }, almost, name))).toMatch(/on a break until/);
    expect(refused(applyRepairMove(s, A, { type: 'resume' }, almost, name))).toMatch(/at least 20 minutes/);
    expect(refused(applyRepairMove(s, A, { type: 'break' }, almost, name))).toMatch(/already on/);
    expect(refused(applyRepairMove(s, A, { type: 'apology', apology: { did: 'a', impact: 'b', will: 'c', see: 'd' } }, almost, name))).toMatch(/break/);
    const after = new Date(t0.getTime() + REPAIR_BREAK_MS);
    expect(refused(applyRepairMove(s, B, { type: 'calm' }, after, name))).toMatch(/resume the repair first/);
    s = ok(applyRepairMove(s, A, { type: 'resume' }, after, name));
    expect(s.breakUntil).toBeNull();
    s = ok(applyRepairMove(s, B, { type: 'calm' }, after, name));
    expect(s.step).toBe('feelings');
  });

  it('the counselor pauses and resumes; while paused no partner moves; the counselor takes no steps', () => {
    let s = newRepair('incident', ['alex', 'blake']);
    expect(refused(applyRepairMove(s, A, { type: 'pause' }, t0, name))).toBe('Only the counselor pauses or resumes a repair');
    expect(refused(applyRepairMove(s, C, { type: 'calm' }, t0, name))).toMatch(/partners do the repair’s steps/);
    s = ok(applyRepairMove(s, C, { type: 'pause' }, t0, name));
    expect(refused(applyRepairMove(s, A, { type: 'calm' }, t0, name))).toMatch(/paused/);
    expect(refused(applyRepairMove(s, A, { type: 'break' }, t0, name))).toMatch(/paused/);
    s = ok(applyRepairMove(s, C, { type: 'unpause' }, t0, name));
    s = ok(applyRepairMove(s, A, { type: 'calm' }, t0, name));
    expect(s.calm).toEqual({ alex: true });
  });

  it('someone not in the repair takes no step; setting aside ends it', () => {
    const s = newRepair('incident', ['alex', 'blake']);
    const stranger: RepairActor = { accountId: 'sam', role: 'partner' };
    expect(refused(applyRepairMove(s, stranger, { type: 'calm' }, t0, name))).toMatch(/Only the two partners/);
    const closed = ok(applyRepairMove(s, B, { type: 'close' }, t0, name));
    expect(closed.status).toBe('closed');
    expect(refused(applyRepairMove(closed, A, { type: 'calm' }, t0, name))).toMatch(/set aside/);
  });

  it('a partner sees the other’s entry in a step only once both have finished it; the counselor sees all', () => {
    let s = play(newRepair('incident', ['alex', 'blake']), [[A, { type: 'calm' }], [B, { type: 'calm' }], [A, { type: 'feelings', feelings: ['hurt'] }]]);
    expect(visibleRepair(s, B, name).feelings).toEqual({});
    expect(visibleRepair(s, A, name).feelings).toEqual({ alex: ['hurt'] });
    expect(visibleRepair(s, C, name).feelings).toEqual({ alex: ['hurt'] });
    expect(visibleRepair(s, B, name).progress.feelings).toEqual({ alex: true, blake: false });
    expect(repairTurnWords(s, 'blake', name)).toBe('Your turn.');
    expect(repairTurnWords(s, 'alex', name)).toBe('Waiting for Blake.');
    s = play(s, [[B, { type: 'feelings', feelings: ['sad'] }]]);
    expect(visibleRepair(s, B, name).feelings).toEqual({ alex: ['hurt'], blake: ['sad'] });
  });

  it('can(): betrayal repair only once unlocked; the counselor unlocks and pauses; partners take part', () => {
    expect(can({ role: 'partner' }, { type: 'repair.start', kind: 'incident', betrayalUnlocked: false })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'repair.start', kind: 'incident', betrayalUnlocked: false })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'repair.start', kind: 'betrayal', betrayalUnlocked: false })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'repair.start', kind: 'betrayal', betrayalUnlocked: true })).toBe(true);
    expect(can({ role: null }, { type: 'repair.start', kind: 'incident', betrayalUnlocked: true })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'repair.unlock-betrayal' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'repair.unlock-betrayal' })).toBe(true);
    expect(can({ role: 'partner' }, { type: 'repair.pause' })).toBe(false);
    expect(can({ role: 'counselor' }, { type: 'repair.take-part' })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'repair.take-part' })).toBe(true);
  });
});
