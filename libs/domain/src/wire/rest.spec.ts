import { pageLimit, RegisterBody, trivialPasswordReason } from './rest';
import { ChangePasswordBody, ConfirmTotpBody } from './account-security';
import { DeleteAccountBody } from './leaving';

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

describe('what a field says when the wrong thing is sent', () => {
  const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

  it('a missing text field is required; a number or null where text belongs must be text; a long one names its limit', () => {
    expect(messages(DeleteAccountBody.safeParse({}))).toEqual({ password: 'is required' });
    expect(messages(DeleteAccountBody.safeParse({ password: 123456 }))).toEqual({ password: 'must be text' });
    expect(messages(DeleteAccountBody.safeParse({ password: null }))).toEqual({ password: 'must be text' });
    expect(messages(DeleteAccountBody.safeParse({ password: 'x'.repeat(201) }))).toEqual({ password: 'must be at most 200 characters' });
    expect(messages(ConfirmTotpBody.safeParse({ code: 123456 }))).toEqual({ code: 'must be text' });
  });

  it('a new password must differ from the one now, and is held to the same rules as a registration', () => {
    expect(messages(ChangePasswordBody.safeParse({ currentPassword: 'a long enough password', newPassword: 'a long enough password' }))).toEqual({ newPassword: 'must be different from your current password' });
    expect(messages(ChangePasswordBody.safeParse({ currentPassword: 'a long enough password', newPassword: '1234567890' }))).toEqual({ newPassword: expect.stringMatching(/sequence/) });
    expect(ChangePasswordBody.safeParse({ currentPassword: 'a long enough password', newPassword: 'a brand new passphrase' }).success).toBe(true);
  });

  it('a page size is a whole number in digits within its bounds', () => {
    const limit = pageLimit(200);
    expect(limit.parse('50')).toBe(50);
    for (const bad of ['0', '201', '1e2', '0x10', '99999999999999999999', '-1', '']) expect(limit.safeParse(bad).success).toBe(false);
  });
});
