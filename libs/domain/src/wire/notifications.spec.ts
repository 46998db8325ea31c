import { DOCUMENT_KINDS } from '../rules/document-kinds';
import { mayBeNotified } from './notifications';

describe('who may be notified about what', () => {
  it('nobody is ever notified about a counselor’s private notes, not even the counselor', () => {
    expect(mayBeNotified('partner', 'counselor-notes')).toBe(false);
    expect(mayBeNotified('counselor', 'counselor-notes')).toBe(false);
  });

  it('members are notified about agreements and proposals only, and a non-member never', () => {
    for (const kind of DOCUMENT_KINDS) {
      const expected = kind === 'agreement' || kind === 'proposal';
      expect([kind, mayBeNotified('partner', kind)]).toEqual([kind, expected]);
      expect([kind, mayBeNotified('counselor', kind)]).toEqual([kind, expected]);
      expect(mayBeNotified(null, kind)).toBe(false);
    }
  });
});
