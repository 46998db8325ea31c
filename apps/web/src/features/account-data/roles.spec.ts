import { privateNotesSentence, rolesHeld } from './roles';

describe('account pages worded by role', () => {
  it('a counselor is told their own private notes are in their records; a partner that the counselor’s are not', () => {
    expect(privateNotesSentence(rolesHeld([{ role: 'counselor' }]))).toMatch(/^Your own private notes are part of it\./);
    expect(privateNotesSentence(rolesHeld([{ role: 'partner' }]))).toBe('Your counselor’s private notes are not part of it.');
    expect(privateNotesSentence(rolesHeld([{ role: 'partner' }, { role: 'counselor' }]))).toMatch(/you wrote as a counselor are part of it; your own counselor’s private notes are not/);
  });
  it('before the list is known, or with no workspace, the partner’s wording stands', () => {
    expect(rolesHeld(undefined)).toEqual({ counselor: false, partner: true });
    expect(rolesHeld([])).toEqual({ counselor: false, partner: true });
  });
});
