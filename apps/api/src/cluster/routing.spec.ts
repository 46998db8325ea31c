import { randomUUID } from 'node:crypto';
import { readRequestLine, REQUEST_LINE_MAX_BYTES, routingKeyOf, slotFor } from './routing';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('the request line a new connection starts with', () => {
  it('is read up to its end, whatever follows it', () => {
    expect(readRequestLine(bytes('GET /sync/abc HTTP/1.1\r\nHost: x\r\n\r\n'))).toEqual({ kind: 'line', target: '/sync/abc' });
    expect(readRequestLine(bytes('POST /api/auth/login HTTP/1.0\n'))).toEqual({ kind: 'line', target: '/api/auth/login' });
  });

  it('skips empty lines before it, as the HTTP parser does', () => {
    expect(readRequestLine(bytes('\r\n\r\nGET / HTTP/1.1\r\n'))).toEqual({ kind: 'line', target: '/' });
  });

  it('waits while the line has not ended', () => {
    expect(readRequestLine(bytes(''))).toEqual({ kind: 'partial' });
    expect(readRequestLine(bytes('GET /sync/ab'))).toEqual({ kind: 'partial' });
    expect(readRequestLine(bytes('GET /sync/abc HTTP/1.1\r'))).toEqual({ kind: 'partial' });
  });

  it('refuses a line longer than the cap, so a slow sender cannot make the primary hold a growing buffer', () => {
    expect(readRequestLine(bytes(`GET /${'a'.repeat(REQUEST_LINE_MAX_BYTES)}`))).toEqual({ kind: 'refused' });
  });

  it('refuses what is not an HTTP/1 request line (garbage, TLS, HTTP/2)', () => {
    expect(readRequestLine(bytes('hello there\n'))).toEqual({ kind: 'refused' });
    expect(readRequestLine(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x0a]))).toEqual({ kind: 'refused' });
    expect(readRequestLine(bytes('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))).toEqual({ kind: 'refused' });
    expect(readRequestLine(bytes('GET /a b HTTP/1.1\r\n'))).toEqual({ kind: 'refused' });
  });
});

describe('what a request is routed by', () => {
  it('a sync socket: its document', () => {
    expect(routingKeyOf('/sync/3f1c')).toBe('document:3f1c');
    expect(routingKeyOf('/sync/3f1c?receipts=1')).toBe('document:3f1c');
    expect(routingKeyOf('/sync/a%2Fb')).toBe('document:a/b');
  });

  it('a /live socket: the workspace it names, if it names one', () => {
    expect(routingKeyOf('/live/?EIO=4&transport=websocket&workspace=w-1')).toBe('workspace:w-1');
    expect(routingKeyOf('/live/?workspace=w-1?x')).toBe('workspace:w-1?x');
    expect(routingKeyOf('/live/?EIO=4&transport=websocket')).toBeNull();
    expect(routingKeyOf('/lively?workspace=w-1')).toBeNull();
  });

  it('anything else: nothing (it goes round the workers)', () => {
    expect(routingKeyOf('/api/workspaces?workspace=w-1')).toBeNull();
    expect(routingKeyOf('/sync')).toBeNull();
    expect(routingKeyOf('/')).toBeNull();
    expect(routingKeyOf('http://example.com/sync/3f1c')).toBeNull();
  });
});

describe('which worker a key goes to', () => {
  const keys = Array.from({ length: 4000 }, () => `document:${randomUUID()}`);

  it('always the same one, and every worker gets a fair share', () => {
    const counts = [0, 0, 0, 0];
    for (const key of keys) {
      const slot = slotFor(key, [0, 1, 2, 3])!;
      expect(slotFor(key, [3, 2, 1, 0])).toBe(slot);
      counts[slot]! += 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(keys.length / 4 - 200);
  });

  it('a worker that is down moves only its own keys, and they come back when it is up', () => {
    for (const key of keys) {
      const before = slotFor(key, [0, 1, 2, 3]);
      const without2 = slotFor(key, [0, 1, 3]);
      if (before === 2) expect(without2).not.toBe(2);
      else expect(without2).toBe(before);
    }
  });

  it('none when no worker is up', () => {
    expect(slotFor('document:x', [])).toBeUndefined();
  });
});
