import { passwordChangedMessage } from './password-change';

describe('passwordChangedMessage', () => {
  it('says how many other devices were signed out, and that this one stays', () => {
    expect(passwordChangedMessage(0)).toBe('Your password is changed. No other device was signed in. This device stays signed in.');
    expect(passwordChangedMessage(1)).toBe('Your password is changed. One other device was signed out. This device stays signed in.');
    expect(passwordChangedMessage(3)).toBe('Your password is changed. 3 other devices were signed out. This device stays signed in.');
  });
});
