import { about, what, who } from './audit-wording';

const dana = { accountId: 'c1', name: 'Dr. Dana Reyes' };
const kit = { accountId: 'p1', name: 'A former member' };
const base = { email: null, document: null, inviteId: null };

describe('audit entries in words', () => {
  it('a membership the counselor ended reads "Removed <person> from the workspace"', () => {
    const entry = { ...base, kind: 'membership-removed' as const, actor: dana, subject: kit };
    expect([who(entry), what(entry), about(entry)]).toEqual(['Dr. Dana Reyes', 'Removed A former member from the workspace', '—']);
  });
  it('a partner who left themselves reads "Left the workspace"', () => {
    const entry = { ...base, kind: 'membership-removed' as const, actor: kit, subject: kit };
    expect([who(entry), what(entry), about(entry)]).toEqual(['A former member', 'Left the workspace', '—']);
  });
  it('a failed login names the email typed', () => {
    const entry = { ...base, kind: 'login-failed' as const, actor: null, subject: null, email: 'x@example.test' };
    expect(who(entry)).toBe('Someone, typing x@example.test');
  });
});
