import { afterSignedOut } from './signed-out';

describe('afterSignedOut: why the login page says the person is signed out, when told more than once', () => {
  it('keeps the first reason found (an idle sign-out keeps saying so when the sockets close after it)', () => {
    expect(afterSignedOut('idle', 'ended')).toBe('idle');
    expect(afterSignedOut('ended', 'idle')).toBe('ended');
    expect(afterSignedOut('idle', undefined)).toBe('idle');
  });
  it("after the person's own logout, a socket's late 401 does not call it an ending elsewhere", () => {
    expect(afterSignedOut(undefined, 'ended')).toBeUndefined();
  });
  it("a session found ended, then the person's own logout finishing: no reason (they did it)", () => {
    expect(afterSignedOut('ended', undefined)).toBeUndefined();
  });
  it('a deletion is always said, whatever was found before', () => {
    expect(afterSignedOut('ended', 'deleted')).toBe('deleted');
    expect(afterSignedOut(undefined, 'deleted')).toBe('deleted');
    expect(afterSignedOut('deleted', 'ended')).toBe('deleted');
  });
});
