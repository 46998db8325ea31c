import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { AuditKind, AuditPage } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { createDocument, setUpCouple, Couple } from '../../test/support/couple';
import { startTestApp, TestApp, TEST_DATABASE_URL } from '../../test/support/test-app';
import { AuditService } from './audit.service';
import { AuditRepository } from './audit.repository';
import { ChainedEntry, entryHash } from './audit-chain';

const run = promisify(execFile);

/** The audit trail's chain, that shows tampering: appends at once, rows altered, deleted or cut off, and the check (what is recorded and who may read it: audit-trail.spec.ts). */
describe('audit trail', () => {
  let app: TestApp;
  let audit: AuditService;
  let c: Couple;
  beforeAll(async () => {
    app = await startTestApp();
    audit = app.app.get(AuditService);
    c = await setUpCouple(app.url);
  });
  afterAll(() => app.close());

  /** Writes a row read with `SELECT *` back as it was (a test that tampered behind the trigger's back tidies up). */
  const putBack = (r: Record<string, unknown>) =>
    app.dataSource.query(
      `INSERT INTO audit_entry (id, at, kind, account_id, email, workspace_id, document_id, invite_id, subject_id, ip, device, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [r.id, r.at, r.kind, r.account_id, r.email, r.workspace_id, r.document_id, r.invite_id, r.subject_id, r.ip, r.device, r.prev_hash, r.hash],
    );
  /** `npm run audit:check -w api`, as an operator runs it. */
  const checkCommand = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'audit-check.ts'), ...args], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'error', NODE_ENV: 'test' },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
    );

  it('appends from many writers at once into one unbroken chain', async () => {
    const before = await audit.checkChain();
    expect(before.ok).toBe(true);
    const alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    await Promise.all(Array.from({ length: 40 }, () => audit.record({ kind: 'login', accountId: alexId }, { ip: '192.0.2.1', device: 'Load' })));
    const after = await audit.checkChain();
    expect(after).toMatchObject({ ok: true, entries: (before.ok ? before.entries : 0) + 40 });
  });

  it('writes entries asked for at once in a few grouped transactions, not one each; a repeated read within its window is written once, even in one group', async () => {
    const document = await createDocument(c.counselor, c.workspace.id, 'notes', 'Read at the top of the hour');
    await audit.settled();
    const repository = app.app.get(AuditRepository);
    const before = await audit.checkChain();
    const alexId = (await c.partnerA.get<{ id: string }>('/api/me')).body.id;
    const transactions = jest.spyOn(app.dataSource, 'transaction');
    try {
      const at = new Date();
      const entry = (documentId: string | null) => ({
        at,
        kind: (documentId ? 'document-read' : 'login') as AuditKind,
        accountId: alexId,
        email: null,
        workspaceId: documentId ? c.workspace.id : null,
        documentId,
        inviteId: null,
        subjectId: null,
        ip: '192.0.2.7',
        device: 'Top of the hour',
      });
      // 450 logins and, among them, the same read asked for three times (the first and last groups, and twice in the first).
      const asked = [
        repository.append(entry(document.id), 60_000),
        ...Array.from({ length: 225 }, () => repository.append(entry(null))),
        repository.append(entry(document.id), 60_000),
        ...Array.from({ length: 225 }, () => repository.append(entry(null))),
        repository.append(entry(document.id), 60_000),
      ];
      const results = await Promise.all(asked);
      expect(results.filter((r) => r?.kind === 'login')).toHaveLength(450);
      expect(results.filter((r) => r?.kind === 'document-read')).toHaveLength(1);
      expect(results[0]).toMatchObject({ kind: 'document-read' });
      expect(results.filter((r) => r === null)).toHaveLength(2);
      // 453 asked for, in groups of at most 200: three transactions.
      expect(transactions.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      transactions.mockRestore();
    }
    expect(await audit.checkChain()).toMatchObject({ ok: true, entries: (before.ok ? before.entries : 0) + 451 });
  });

  it('an entry the table refuses fails alone: the others asked for with it are written, and the chain holds', async () => {
    await audit.settled();
    const repository = app.app.get(AuditRepository);
    const before = await audit.checkChain();
    const login = (device: string) => ({
      at: new Date(),
      kind: 'login' as AuditKind,
      accountId: null,
      email: null,
      workspaceId: null,
      documentId: null,
      inviteId: null,
      subjectId: null,
      ip: '192.0.2.8',
      device,
    });
    const asked = [repository.append(login('Fine')), repository.append(login('x'.repeat(600))), repository.append(login('Also fine'))];
    const [first, refused, third] = await Promise.allSettled(asked);
    expect(first).toMatchObject({ status: 'fulfilled', value: { device: 'Fine' } });
    expect(refused.status).toBe('rejected');
    expect(third).toMatchObject({ status: 'fulfilled', value: { device: 'Also fine' } });
    expect(await audit.checkChain()).toMatchObject({ ok: true, entries: (before.ok ? before.entries : 0) + 2 });
  });

  it('refuses to change or delete an entry; the check finds a row altered or deleted behind the trigger’s back', async () => {
    await audit.settled();
    const q = (sql: string, params: unknown[] = []) => app.dataSource.query(sql, params);
    await expect(q(`UPDATE audit_entry SET ip = '10.0.0.1' WHERE id = (SELECT max(id) FROM audit_entry)`)).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)`)).rejects.toThrow(/append-only/);
    await expect(q(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);

    const head = await audit.checkChain();
    expect(head.ok).toBe(true);
    expect(await checkCommand()).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });

    // As a superuser could: take the trigger off, alter one entry, delete another, then look.
    const [{ id: altered }] = await q(`SELECT (max(id) - 5)::text AS id FROM audit_entry`);
    const [{ id: deleted }] = await q(`SELECT (max(id) - 2)::text AS id FROM audit_entry`);
    const [original] = await q(`SELECT ip FROM audit_entry WHERE id = $1`, [altered]);
    const [deletedRow] = await q(`SELECT * FROM audit_entry WHERE id = $1`, [deleted]);
    await q(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change`);
    try {
      await q(`UPDATE audit_entry SET ip = '198.51.100.7' WHERE id = $1`, [altered]);
      const alteredReport = await audit.checkChain();
      expect(alteredReport).toMatchObject({ ok: false, brokenAt: altered, reason: expect.stringMatching(/altered/) });
      const alteredCommand = await checkCommand();
      expect(alteredCommand.code).toBe(1);
      expect(alteredCommand.out).toContain(`BROKEN at entry ${altered}`);
      await q(`UPDATE audit_entry SET ip = $2 WHERE id = $1`, [altered, original.ip]);

      // A time moved by less than the millisecond the hash covers is an alteration too.
      await q(`UPDATE audit_entry SET at = at + interval '400 microseconds' WHERE id = $1`, [altered]);
      expect(await audit.checkChain()).toMatchObject({ ok: false, brokenAt: altered, reason: expect.stringMatching(/altered/) });
      await q(`UPDATE audit_entry SET at = date_trunc('milliseconds', at) WHERE id = $1`, [altered]);
      expect(await audit.checkChain()).toMatchObject({ ok: true });

      await q(`DELETE FROM audit_entry WHERE id = $1`, [deleted]);
      const deletedReport = await audit.checkChain();
      expect(deletedReport).toMatchObject({ ok: false, brokenAt: String(BigInt(deleted) + 1n), reason: `entry ${deleted} is missing: deleted` });
      const deletedCommand = await checkCommand();
      expect(deletedCommand.code).toBe(1);
      expect(deletedCommand.out).toContain(`entry ${deleted} is missing`);
    } finally {
      // Put the chain back as it was, for every spec after this one.
      const present = await q(`SELECT 1 FROM audit_entry WHERE id = $1`, [deleted]);
      if (present.length === 0) {
        await putBack(deletedRow);
      }
      await q(`UPDATE audit_entry SET ip = $2 WHERE id = $1`, [altered, original.ip]);
      await q(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change`);
    }
    expect(await audit.checkChain()).toMatchObject({ ok: true });
  });

  it('finds entries cut off the end of the chain; a head rewritten with them is caught by a head an earlier check printed', async () => {
    await audit.settled();
    const q = (sql: string, params: unknown[] = []) => app.dataSource.query(sql, params);
    const before = await audit.checkChain();
    if (!before.ok) throw new Error(`the chain was broken before this test: ${before.reason}`);
    const witnessed = { id: before.head!, hash: before.headHash! };
    const printed = await checkCommand();
    expect(printed).toMatchObject({ code: 0, out: expect.stringContaining(`head ${witnessed.id}:${witnessed.hash}`) });

    // The head only moves forward, onto an entry of the chain, and is never deleted.
    await expect(q(`UPDATE audit_chain_head SET id = id - 1, hash = (SELECT hash FROM audit_entry WHERE id = $1 - 1)`, [witnessed.id])).rejects.toThrow(/only moves forward/);
    await expect(q(`UPDATE audit_chain_head SET id = id + 1, hash = repeat('a', 64)`)).rejects.toThrow(/must be an entry of the chain/);
    await expect(q(`DELETE FROM audit_chain_head`)).rejects.toThrow(/only moves forward/);
    await expect(q(`TRUNCATE audit_chain_head`)).rejects.toThrow(/only moves forward/);

    // As a superuser could: cut the last two entries off.
    const last = BigInt(witnessed.id);
    const cut: Record<string, unknown>[] = await q(`SELECT * FROM audit_entry WHERE id > $1 ORDER BY id`, [(last - 2n).toString()]);
    expect(cut).toHaveLength(2);
    const [{ id: headId, hash: headHash }] = await q(`SELECT id::text AS id, hash FROM audit_chain_head`);
    await q(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change`);
    try {
      await q(`DELETE FROM audit_entry WHERE id > $1`, [(last - 2n).toString()]);
      expect(await audit.checkChain()).toMatchObject({
        ok: false,
        brokenAt: witnessed.id,
        reason: `the chain ends at entry ${last - 2n}, and its head is entry ${last}: entries ${last - 1n} to ${last} are missing: deleted`,
      });
      const command = await checkCommand();
      expect(command.code).toBe(1);
      expect(command.out).toContain(`entries ${last - 1n} to ${last} are missing`);

      // The next entry follows the recorded head, so the cut stays a gap.
      await audit.record({ kind: 'login', accountId: null });
      await audit.settled();
      expect(await audit.checkChain()).toMatchObject({ ok: false, brokenAt: String(last + 1n), reason: `entries ${last - 1n} to ${last} are missing: deleted` });
      await q(`DELETE FROM audit_entry WHERE id = $1`, [String(last + 1n)]);

      // Cutting the head back too, behind its own trigger: the chain alone looks whole...
      await q(`ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_no_change`);
      await q(`UPDATE audit_chain_head SET id = $1, hash = (SELECT hash FROM audit_entry WHERE id = $1)`, [(last - 2n).toString()]);
      expect(await audit.checkChain()).toMatchObject({ ok: true, head: String(last - 2n) });
      // ...but not to a check given the head an earlier one printed.
      expect(await audit.checkChain([witnessed])).toMatchObject({ ok: false, brokenAt: witnessed.id, reason: expect.stringMatching(/before entry \d+ that a check saw: entries \d+ to \d+ are missing: deleted/) });
      const seen = await checkCommand('--seen', `${witnessed.id}:${witnessed.hash}`);
      expect(seen.code).toBe(1);
      expect(seen.out).toContain(`BROKEN at entry ${witnessed.id}`);
      expect(await checkCommand('--seen', 'yesterday')).toMatchObject({ code: 2, err: expect.stringContaining('give --seen <entry>:<hash>') });

      // A head deleted outright is reported, and appends go on from the last entry.
      await q(`DELETE FROM audit_chain_head`);
      expect(await audit.checkChain()).toMatchObject({ ok: false, reason: expect.stringMatching(/head is missing/) });
    } finally {
      // Put the chain and its head back as they were, for every spec after this one.
      await q(`ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_no_change`);
      await q(`DELETE FROM audit_entry WHERE id > $1`, [(last - 2n).toString()]);
      for (const r of cut) await putBack(r);
      await q(`DELETE FROM audit_chain_head`);
      await q(`INSERT INTO audit_chain_head (id, hash) VALUES ($1, $2)`, [headId, headHash]);
      await q(`ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_no_change`);
      await q(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change`);
    }
    expect(await audit.checkChain([witnessed])).toMatchObject({ ok: true, head: witnessed.id, headHash: witnessed.hash });
  });

  it('an entry written by an earlier version (which does not move the head), during an upgrade, is followed by the next append, and the chain holds', async () => {
    await audit.settled();
    // As an earlier version appends: under the chain's lock, after the last entry, the head left as it was.
    const last = await app.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kinship:audit-chain'))`);
      const [found]: { id: string; hash: string }[] = await tx.query(`SELECT e.id::text AS id, e.hash FROM audit_entry e ORDER BY e.id DESC LIMIT 1`);
      const earlier: ChainedEntry = {
        id: String(BigInt(found!.id) + 1n),
        at: new Date(),
        kind: 'login',
        accountId: null,
        email: null,
        workspaceId: null,
        documentId: null,
        inviteId: null,
        subjectId: null,
        ip: null,
        device: 'An earlier version',
        prevHash: found!.hash,
      };
      await tx.query(
        `INSERT INTO audit_entry (id, at, kind, account_id, email, workspace_id, document_id, invite_id, subject_id, ip, device, prev_hash, hash)
         VALUES ($1, $2, 'login', NULL, NULL, NULL, NULL, NULL, NULL, NULL, $3, $4, $5)`,
        [earlier.id, earlier.at, earlier.device, earlier.prevHash, entryHash(earlier)],
      );
      return found!;
    });
    expect(await audit.checkChain()).toMatchObject({ ok: false, reason: expect.stringMatching(/written around the trail/) });
    await audit.record({ kind: 'login', accountId: null });
    await audit.settled();
    const after = await audit.checkChain();
    expect(after).toMatchObject({ ok: true });
    expect(BigInt(after.ok ? after.head! : 0)).toBeGreaterThanOrEqual(BigInt(last.id) + 2n);
  });

  it('the check only reads: a database this version has not migrated is left as it is, and it says so', async () => {
    const name = `kinship_audit_check_${process.pid}`;
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      const outcome = await run(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'audit-check.ts')], {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'error', NODE_ENV: 'test' },
      }).then(
        () => ({ code: 0, err: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, err: e.stderr }),
      );
      expect(outcome).toMatchObject({ code: 2, err: expect.stringContaining('start the app once') });
      const other = new Client({ connectionString: url.toString() });
      await other.connect();
      const tables = await other.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
      await other.end();
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });
});

/** The same chain on the embedded database `npm start` uses by default. */
describe('audit trail on PGlite', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(() => app.close());

  it('records registering, a failed login and a login, and the chain holds; an UPDATE is refused', async () => {
    const person = new HttpClient(app.url);
    const account = await person.register('Pat');
    expect((await new HttpClient(app.url).post('/api/auth/login', { email: account.email, password: 'wrong password here' })).status).toBe(401);
    expect((await new HttpClient(app.url).post('/api/auth/login', { email: account.email, password: 'a long enough password' })).status).toBe(200);
    const audit = app.app.get(AuditService);
    await audit.settled();
    const own = (await person.get<AuditPage>('/api/me/audit')).body.entries;
    // Registering logged Pat in; then a wrong password; then the right one.
    expect(own.map((e) => e.kind)).toEqual(['login', 'login-failed', 'login']);
    expect(await audit.checkChain()).toEqual({ ok: true, entries: 3, head: '3', headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(app.dataSource.query(`UPDATE audit_entry SET ip = NULL`)).rejects.toThrow(/append-only/);
  });
});
