import { groupedKey } from './totp-key';

describe('groupedKey', () => {
  it('groups the key in fours, so it can be read and typed on a phone', () => {
    expect(groupedKey('Z3V3HG5R4AWAQ2MX')).toBe('Z3V3 HG5R 4AWA Q2MX');
    expect(groupedKey('ABCDEF')).toBe('ABCD EF');
    expect(groupedKey('')).toBe('');
  });
});
