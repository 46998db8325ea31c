import { can, type DocumentTarget } from './roles';
import { isRiskAnswer } from './safety';

const doc = (kind: DocumentTarget['kind']): DocumentTarget => ({ kind, archived: false });

describe('the safety channel’s rules', () => {
  it('a risk is what the counselor marked: a range of a scale (both ends in), some options of a choice', () => {
    const scale = { kind: 'scale' as const, risk: { from: 0, to: 3 } };
    expect([0, 3, 4, 10].map((v) => isRiskAnswer(scale, v))).toEqual([true, true, false, false]);
    expect(isRiskAnswer({ kind: 'scale', risk: null }, 0)).toBe(false);
    const choice = { kind: 'choice' as const, riskOptions: [1, 2] };
    expect([0, 1, 2].map((v) => isRiskAnswer(choice, v))).toEqual([false, true, true]);
  });

  it('partners answer and write; the counselor alone defines, reads every answer and pauses; a stranger nothing', () => {
    for (const type of ['safety.define', 'safety.read-all', 'joint-work.pause', 'session.start'] as const) {
      expect(can({ role: 'counselor' }, { type })).toBe(true);
      expect(can({ role: 'partner' }, { type })).toBe(false);
      expect(can({ role: null }, { type })).toBe(false);
    }
    expect(can({ role: 'partner' }, { type: 'safety.answer' })).toBe(true);
    expect(can({ role: 'counselor' }, { type: 'safety.answer' })).toBe(false);
  });

  it('a pause of joint work holds sessions, proposals and shared documents for everyone; never the counselor’s own notes or the safety channel', () => {
    const paused = (role: 'counselor' | 'partner') => ({ role, jointWorkPaused: true });
    for (const role of ['counselor', 'partner'] as const) {
      expect(can(paused(role), { type: 'session.join' })).toBe(false);
      expect(can(paused(role), { type: 'agreement.propose' })).toBe(false);
      for (const kind of ['agreement', 'notes', 'dialogue', 'proposal'] as const) expect(can(paused(role), { type: 'document.write', document: doc(kind) })).toBe(false);
      expect(can({ role }, { type: 'session.join' })).toBe(true);
      expect(can({ role, jointWorkPaused: false }, { type: 'document.write', document: doc('notes') })).toBe(true);
    }
    expect(can(paused('counselor'), { type: 'session.start' })).toBe(false);
    expect(can(paused('partner'), { type: 'agreement.accept' })).toBe(false);
    expect(can(paused('counselor'), { type: 'document.write', document: doc('counselor-notes') })).toBe(true);
    expect(can(paused('partner'), { type: 'safety.answer' })).toBe(true);
    expect(can(paused('counselor'), { type: 'joint-work.pause' })).toBe(true);
    expect(can(paused('counselor'), { type: 'safety.read-all' })).toBe(true);
    // A guided repair is joint work: none starts, no step is taken (the counselor may still pause it).
    expect(can(paused('partner'), { type: 'repair.start', kind: 'incident', betrayalUnlocked: false })).toBe(false);
    expect(can(paused('partner'), { type: 'repair.take-part' })).toBe(false);
    expect(can({ role: 'partner' }, { type: 'repair.take-part' })).toBe(true);
    expect(can(paused('counselor'), { type: 'repair.pause' })).toBe(true);
  });
});
