import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import fc from 'fast-check';
import * as Y from 'yjs';
import { SyncMessageType } from '@kinship/domain/wire';
import { ApiProcess } from './support/api-process';
import { createDocument, setUpCouple } from './support/couple';
import { openRawSocket, stockClient, StockClient, stored, synced, until } from './support/sync-client';
import { TEST_DATABASE_URL } from './support/test-app';
import { subdocuments, truncatedDeleteSet, YJS_THROWS_ON_THIS } from './support/hostile-updates';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from '../src/sync/protocol';
import { encodeAwarenessUpdate } from '../src/sync/awareness-registry';

/**
 * The built API in its own process, as `npm start` runs it, under requests and frames from
 * someone trying to break it: a crash shows as the process exiting, which no in-process test
 * could survive to report.
 */
const api = new ApiProcess({ PORT: '0', WEB_DIST: '/nonexistent', DATABASE_URL: TEST_DATABASE_URL, SYNC_UNLOAD_DELAY_MS: '200' });
let url = '';
let port = 0;

beforeAll(async () => {
  url = await api.start();
  port = Number(new URL(url).port);
}, 60_000);
afterAll(() => api.kill());

/** Writes raw bytes on a new TCP connection and waits for the server to answer or close (briefly). */
function sendRaw(bytes: Buffer, waitMs = 150): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.on('error', done);
    socket.on('close', done);
    socket.on('data', () => undefined);
    socket.on('connect', () => socket.write(bytes, () => setTimeout(done, waitMs)));
  });
}

async function stillServing(): Promise<void> {
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  expect(api.pid).toBeDefined();
}

function rssMb(): number {
  const status = readFileSync(`/proc/${api.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('requests no parser expected (1)', () => {
  it('an upgrade whose request target the URL parser rejects, on any path, with any Upgrade value, leaves the process serving', async () => {
    const targets = ['//:/', '//[/', 'http://[::1', '//a:b@/', '//x:99999/', 'http://a b/', '//:/sync/x', 'http://[/sync/abc', '/sync/%E0%A4%A', '//:/live/', '/live/%E0%A4%A', '/live'];
    const upgrades = ['websocket', 'h2c', 'x'];
    for (const target of targets) {
      for (const upgrade of upgrades) {
        await sendRaw(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`));
      }
    }
    await stillServing();
  });
});

describe('a fuzz of requests and sync frames', () => {
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'CONNECT', 'TRACE', 'G\u0000T', 'BREW'];
  const paths = ['/', '/api/health', '/api/me', '/api/auth/login', '/api/workspaces', '/api/invites/x/accept', '/sync/', '/sync/00000000-0000-4000-8000-000000000000', '/api/docs', '//:/', 'http://[::1', '*', '/%', '/sync/%ff', '/api/../../etc/passwd', '/live/', '/live', '/live/?EIO=4&transport=websocket', '/live/?EIO=4&transport=polling', '/live/?EIO=3', '/live/?EIO=4&transport=polling&sid=forged'];
  const headerLine = fc.oneof(
    fc.constantFrom(
      'Host: localhost',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Content-Type: application/json',
      'Content-Length: 5',
      'Content-Length: 99999999999',
      'Transfer-Encoding: chunked',
      'Cookie: kinship_session=forged',
      'Origin: https://evil.example',
      'X-Forwarded-For: 1.2.3.4, ::1',
      'Expect: 100-continue',
    ),
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })).map(([k, v]) => `${k}: ${v}`),
  );
  const request = fc
    .tuple(
      fc.oneof(fc.constantFrom(...methods), fc.string({ maxLength: 8 })),
      fc.oneof(fc.constantFrom(...paths), fc.string({ maxLength: 80 }), fc.webPath()),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''),
      fc.array(headerLine, { maxLength: 8 }),
      fc.oneof(fc.constant(''), fc.string({ maxLength: 200 }), fc.json()),
    )
    .map(([method, path, version, headers, body]) => Buffer.from(`${method} ${path} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1'));
  const mutated = fc
    .tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }))
    .map(([which, edits]) => {
      const valid = [
        `GET /sync/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n{"email":"a@example.org","password":"guess1"}`,
        `GET /live/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        `POST /live/?EIO=4&transport=polling HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n40`,
      ];
      const bytes = Buffer.from(valid[which % valid.length]!, 'latin1');
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      return bytes;
    });

  it('thousands of malformed and mutated requests, with and without upgrades, leave the process serving', async () => {
    const inputs = [...fc.sample(request, { numRuns: 1500, seed: 11 }), ...fc.sample(mutated, { numRuns: 1500, seed: 12 })];
    for (let i = 0; i < inputs.length; i += 30) {
      await Promise.all(inputs.slice(i, i + 30).map((bytes) => sendRaw(bytes, 30)));
    }
    await stillServing();
  }, 180_000);

  it('thousands of hostile sync frames from a member: the process keeps serving, honest clients keep the stored document, memory stays bounded', async () => {
    const couple = await setUpCouple(url);
    const doc = await createDocument(couple.partnerA, couple.workspace.id, 'agreement');
    const wsUrl = url.replace(/^http/, 'ws');
    const honest: StockClient[] = [stockClient(wsUrl, doc.id, couple.partnerA.cookie), stockClient(wsUrl, doc.id, couple.counselor.cookie)];
    try {
      await Promise.all(honest.map(synced));
      // Real updates to mutate: made the way the editor makes them.
      const source = new Y.Doc();
      const samples: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => samples.push(u));
      const fragment = source.getXmlFragment('default');
      for (let i = 0; i < 20; i++) {
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(`line ${i}`)]);
        fragment.insert(fragment.length, [p]);
      }
      source.getText('t').insert(0, 'fuzz');
      source.getText('t').delete(0, 2);
      const frame = fc.oneof(
        fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
        fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })).map(([u, edits]) => {
          const copy = Uint8Array.from(u);
          for (const [at, value] of edits) copy[at % copy.length] = value;
          return Buffer.from(updateFrame(copy));
        }),
        fc.constantFrom(...samples).map((u) => Buffer.from(syncStep2Frame(u))),
        fc.uint8Array({ maxLength: 32 }).map((sv) => Buffer.from(syncStep1Frame(sv))),
        fc
          .tuple(fc.nat(), fc.nat(), fc.oneof(fc.json(), fc.string({ maxLength: 40 })))
          .map(([client, clock, state]) => Buffer.from(awarenessFrame(encodeAwarenessUpdate([{ clientId: client, clock, state }])))),
        fc.constantFrom(
          Buffer.of(SyncMessageType.queryAwareness),
          Buffer.of(SyncMessageType.receipt, 5),
          Buffer.of(SyncMessageType.auth, 0, 1, 65),
          Buffer.of(77, 1, 2),
          Buffer.from(updateFrame(truncatedDeleteSet('hidden'))),
          Buffer.from(updateFrame(subdocuments(50))),
          Buffer.from(updateFrame(Buffer.from(YJS_THROWS_ON_THIS, 'hex'))),
        ),
      );
      const frames = fc.sample(frame, { numRuns: 3000, seed: 21 });
      let peakMb = rssMb();
      let sockets = 0;
      const written: string[] = [];
      for (let i = 0; i < frames.length; ) {
        const hostile = await openRawSocket(wsUrl, doc.id, couple.partnerB.cookie).catch(() => null);
        sockets += 1;
        if (!hostile) continue;
        for (let n = 0; n < 50 && i < frames.length && hostile.ws.readyState === hostile.ws.OPEN; n++, i++) hostile.ws.send(frames[i]!);
        // The honest keep writing while it happens.
        honest[0]!.text.insert(honest[0]!.text.length, `a${i};`);
        honest[1]!.text.insert(0, `c${i};`);
        written.push(`a${i};`, `c${i};`);
        await Promise.race([hostile.closed, new Promise((r) => setTimeout(r, 20))]);
        hostile.ws.terminate();
        peakMb = Math.max(peakMb, rssMb());
      }
      await stillServing();
      for (const client of honest) await until(() => client.provider.synced && client.provider.wsconnected, 10_000, 'honest clients connected');
      await Promise.all(honest.map((c) => stored(c, 10_000)));
      await until(() => honest[0]!.text.toString() === honest[1]!.text.toString(), 10_000, 'honest clients agree');
      // What is stored is what they see: a fresh client gets exactly that, and so does the store.
      const fresh = stockClient(wsUrl, doc.id, couple.partnerA.cookie);
      honest.push(fresh);
      await synced(fresh);
      await until(() => fresh.text.toString() === honest[0]!.text.toString(), 10_000, 'the stored document');
      for (const piece of written) expect(fresh.text.toString()).toContain(piece);
      expect(sockets).toBeGreaterThan(30);
      expect(peakMb).toBeLessThan(700);
    } finally {
      honest.forEach((c) => c.destroy());
    }
  }, 240_000);
});
