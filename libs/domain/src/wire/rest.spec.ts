import { RegisterBody, trivialPasswordReason } from './rest';

describe('the shared password rules (what the register form and the API both say)', () => {
  it('refuses trivial passwords and names why', () => {
    expect(trivialPasswordReason('          ')).toMatch(/only spaces/);
    expect(trivialPasswordReason('\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0')).toMatch(/only spaces/);
    expect(trivialPasswordReason('zzzzzzzzzz')).toMatch(/one character repeated/);
    for (const sequence of ['1234567890', '0123456789', '12345678901234', '0987654321', 'abcdefghij', 'ZYXWVUTSRQ', 'qwertyuiop', 'poiuytrewq']) {
      expect(trivialPasswordReason(sequence)).toMatch(/sequence/);
    }
    expect(trivialPasswordReason('Sam.Rivera@Example.org', { email: 'sam.rivera@example.org' })).toMatch(/email/);
    expect(trivialPasswordReason('sam.rivera', { email: 'sam.rivera@example.org' })).toMatch(/email/);
    expect(trivialPasswordReason(' Sam Rivera ', { displayName: 'sam rivera' })).toMatch(/name/);
  });

  it('leaves real passphrases alone', () => {
    for (const ok of ['a quiet sentence to remember', '1234567891', 'abcdefghik', 'sam.rivera and me']) {
      expect(trivialPasswordReason(ok, { email: 'sam.rivera@example.org', displayName: 'Sam Rivera' })).toBeNull();
    }
  });

  it('puts the reason on the password field of the register form', () => {
    const result = RegisterBody.safeParse({ email: 'sam@example.org', password: '1234567890', displayName: 'Sam' });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['password'], message: expect.stringMatching(/sequence/) })]);
  });
});
