import type { ApiErrorBody } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp, TestApp } from '../../test/support/test-app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RIGHT = 'the right password';

/** Limits on attempts hold for the deployment, not for each API process: two processes share one Redis. */
describe('limits on attempts, across API processes', () => {
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy: each test names its own addresses, so runs and tests never share a count.
    one = await startTestApp('postgres', { REDIS_URL, TRUST_PROXY: 'loopback' });
    two = await startTestApp('postgres', { REDIS_URL, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
  });

  const run = `${process.pid}-${Date.now()}`;
  let n = 0;
  /** A fresh address from the documentation range, never used by another test or run within a minute. */
  const address = () => `2001:db8:${(process.pid % 65536).toString(16)}:${(Date.now() % 65536).toString(16)}::${(++n).toString(16)}`;
  const login = (app: TestApp, email: string, password: string, from = address()) =>
    new HttpClient(app.url).request<ApiErrorBody>('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': from });
  async function account(name: string): Promise<string> {
    const email = `${name}-${run}@example.org`;
    const res = await new HttpClient(one.url).request('POST', '/api/auth/register', { email, password: RIGHT, displayName: name }, { 'x-forwarded-for': address() });
    expect(res.status).toBe(201);
    return email;
  }

  it('locks an account after ten failed log-ins in all, however they are spread over the processes', async () => {
    const email = await account('spread');
    // Five wrong passwords through each process, every one from another address.
    for (let i = 0; i < 10; i++) expect((await login(i % 2 ? two : one, email, `guess ${i}`)).status).toBe(401);
    for (const app of [one, two]) {
      const locked = await login(app, email, RIGHT);
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/failed log-ins for this account/);
    }
  });

  it('counts an address’s requests once: ten log-ins a minute from one address, whichever process they reach', async () => {
    const email = await account('address');
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(i % 2 ? two : one, email, RIGHT, from)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('with Redis away, a process still lets people log in and still counts failed log-ins, in its own memory', async () => {
    const alone = await startTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:1', TRUST_PROXY: 'loopback' });
    try {
      const email = `alone-${run}@example.org`;
      const registered = await new HttpClient(alone.url).request('POST', '/api/auth/register', { email, password: RIGHT, displayName: 'Alone' }, { 'x-forwarded-for': address() });
      expect(registered.status).toBe(201);
      expect((await login(alone, email, RIGHT)).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await login(alone, email, `guess ${i}`)).status).toBe(401);
      expect((await login(alone, email, RIGHT)).status).toBe(429);
    } finally {
      await alone.close();
    }
  });
});
