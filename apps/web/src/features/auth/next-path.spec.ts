import { nextPathFrom, withNext } from './next-path';

describe('where to go after logging in', () => {
  it('returns to a path inside the app, such as an invite link', () => {
    expect(nextPathFrom('?next=%2Finvite%2Fabc')).toBe('/invite/abc');
    expect(nextPathFrom('?next=/workspaces/1?tab=x')).toBe('/workspaces/1?tab=x');
  });

  it('never sends a person to another site', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(nextPathFrom(`?next=${encodeURIComponent(next)}`)).toBe('/');
    }
    expect(nextPathFrom('')).toBe('/');
  });

  it('carries the way back through the login and register links', () => {
    expect(withNext('/login', '/invite/abc')).toBe('/login?next=%2Finvite%2Fabc');
    expect(withNext('/register', '/')).toBe('/register');
    expect(withNext('/register', null)).toBe('/register');
  });
});
