import type { AccountView, InviteCreated, NoticeMailView, NotificationsPage, WorkspaceSummary } from '@kinship/domain/wire';
import type { ProposalView } from '@kinship/domain/agreements';
import { item, writeItems } from '../../test/support/agreement-client';
import { createDocument } from '../../test/support/couple';
import { HttpClient } from '../../test/support/http-client';
import { liveClient } from '../../test/support/live-client';
import { linkIn, SmtpInbox, type ReceivedMail } from '../../test/support/smtp-inbox';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { MAILER, Mailer } from '../mail/mailer';

/** Mail that says nothing private: "something is waiting", to those who chose it, seldom, and never what. */
describe('notice mail', () => {
  let inbox: SmtpInbox;
  let app: TestApp;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    app = await startTestApp('postgres', { SMTP_URL: inbox.url, PUBLIC_URL: 'https://kinship.example' });
  });
  afterAll(async () => {
    await app?.close();
    await inbox?.close();
  });
  const settled = () => app.app.get<Mailer>(MAILER).settled();

  // Words no mail may hold: every one of them is in the workspace below.
  const NAMES = { counselor: 'Quillon Marchbanks', partnerA: 'Zephyrine Oakhart', partnerB: 'Thaddeus Wexley' };
  const WORKSPACE = 'Moonlit Harbour Space';
  const TITLE = 'Saturdays at the Glasshouse';
  const ITEMS = [item('Violet umbrella', 'Never mention the violet umbrella at dinner.'), item('Lanterns', 'Lanterns off by eleven.')];
  const COMMENT = 'Perhaps the heron clause needs softening';

  async function stage() {
    const [counselor, partnerA, partnerB] = [0, 1, 2].map(() => new HttpClient(app.url));
    await counselor!.register(NAMES.counselor);
    await partnerA!.register(NAMES.partnerA);
    await partnerB!.register(NAMES.partnerB);
    const workspace = (await counselor!.post<WorkspaceSummary>('/api/workspaces', { name: WORKSPACE })).body;
    for (const partner of [partnerA!, partnerB!]) {
      const invite = await counselor!.post<InviteCreated>(`/api/workspaces/${workspace.id}/invites`, { role: 'partner' });
      expect((await partner.post(`/api/invites/${invite.body.token}/accept`)).status).toBe(200);
    }
    const agreement = await createDocument(partnerA!, workspace.id, 'agreement', TITLE);
    await writeItems(app.wsUrl, agreement.id, partnerA!, ITEMS);
    const proposal = (await partnerA!.post<ProposalView>(`/api/agreements/${agreement.id}/proposals`, {})).body;
    const emails = await Promise.all([counselor!, partnerA!, partnerB!].map(async (c) => (await c.get<AccountView>('/api/me')).body.email));
    /** Something for partner B (and the counselor) to be notified of: a comment by the counselor. */
    const comment = async () => {
      const res = await counselor!.post(`/api/agreements/${agreement.id}/proposals/${proposal.id}/comments`, { itemId: ITEMS[0]!.id, text: COMMENT });
      expect(res.status).toBe(201);
      await settled();
    };
    return { counselor: counselor!, partnerA: partnerA!, partnerB: partnerB!, workspace, emails: { counselor: emails[0]!, partnerA: emails[1]!, partnerB: emails[2]! }, comment };
  }

  function expectNothingPrivate(mail: ReceivedMail, partnerAEmail: string) {
    const words = [...Object.values(NAMES), ...Object.values(NAMES).flatMap((n) => n.split(' ')), WORKSPACE, 'Moonlit', 'Harbour', TITLE, 'Glasshouse', COMMENT, 'heron', 'violet', 'umbrella', 'Lanterns', partnerAEmail];
    // The To: line names the recipient's own address, necessarily; every other header, the subject and both bodies name nothing.
    const headers = mail.headerLines.split('\n').filter((l) => !/^to:/i.test(l)).join('\n');
    for (const where of [mail.subject, mail.text, mail.html, headers]) {
      for (const word of words) expect(where.toLowerCase()).not.toContain(word.toLowerCase());
    }
    // No count either: no digit outside the link.
    expect(`${mail.subject}\n${mail.text.replace(/https?:\/\/\S+/g, '')}`).not.toMatch(/\d/);
  }

  it('is off by default; only the person who chose it hears "something is waiting", with a link and nothing from the workspace', async () => {
    const s = await stage();
    expect((await s.partnerB.get<NoticeMailView>('/api/me/notice-mail')).body).toEqual({ available: true, enabled: false });
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toEqual([]);

    expect((await s.partnerB.request<NoticeMailView>('PUT', '/api/me/notice-mail', { enabled: true })).body).toEqual({ available: true, enabled: true });
    await s.comment();
    const [mail] = inbox.to(s.emails.partnerB);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Something new is waiting for you in Kinship');
    expect(mail!.text).toContain('Something new is waiting for you in Kinship.');
    expect(linkIn(mail!).href).toBe('https://kinship.example/');
    expectNothingPrivate(mail!, s.emails.partnerA);
    // Partner A, notified of the same comments but never opted in, got nothing.
    expect((await s.partnerA.get<NotificationsPage>('/api/notifications')).body.unread).toBeGreaterThanOrEqual(2);
    expect(inbox.to(s.emails.partnerA)).toEqual([]);
    expect(inbox.to(s.emails.counselor)).toEqual([]);

    // Turned off: nothing more.
    await s.partnerB.request('PUT', '/api/me/notice-mail', { enabled: false });
    await app.dataSource.query(`UPDATE notice_mail SET last_sent_at = now() - interval '7 hours'`);
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(1);
  });

  it('at most one in six hours, and none while the person has Kinship open', async () => {
    const s = await stage();
    await s.partnerB.request('PUT', '/api/me/notice-mail', { enabled: true });
    const open = await liveClient(app.url, s.partnerB.cookie, { origin: app.url });
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(0);
    open.close();
    await new Promise((r) => setTimeout(r, 100));

    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(1);
    await s.comment();
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(1);
    const [{ account_id }] = await app.dataSource.query(`SELECT account_id FROM notice_mail WHERE last_sent_at IS NOT NULL ORDER BY last_sent_at DESC LIMIT 1`);
    await app.dataSource.query(`UPDATE notice_mail SET last_sent_at = now() - interval '5 hours 59 minutes' WHERE account_id = $1`, [account_id]);
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(1);
    await app.dataSource.query(`UPDATE notice_mail SET last_sent_at = now() - interval '6 hours 1 minute' WHERE account_id = $1`, [account_id]);
    await s.comment();
    expect(inbox.to(s.emails.partnerB)).toHaveLength(2);
  });
});

describe('notice mail without SMTP_URL', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp('postgres')));
  afterAll(() => app.close());

  it('is not offered, and cannot be turned on', async () => {
    const person = new HttpClient(app.url);
    await person.register('No mail here');
    expect((await person.get<NoticeMailView>('/api/me/notice-mail')).body).toEqual({ available: false, enabled: false });
    expect((await person.request('PUT', '/api/me/notice-mail', { enabled: true })).status).toBe(404);
  });
});
