import { strFromU8, unzipSync } from 'fflate';
import type { AuditEntryView, AuditPage, RepairView, RevealsView } from '@kinship/domain/wire';
import { AuditService } from '../audit/audit.service';
import { liveTestBed } from '../../test/support/live-test-bed';
import { act } from '../../test/support/live-client';
import { createDocument } from '../../test/support/couple';
import { stored, synced } from '../../test/support/sync-client';
import type { HttpClient } from '../../test/support/http-client';

// Words with no punctuation, so they are found whether or not the export escaped them.
const PRIVATE_NOTE_TEXT = 'Xylophonenote watch for stonewalling';
const PRIVATE_NOTE_TITLE = 'Xylophonetitle Alex intake';
const OBSERVATION = 'Xylophoneobservation Blake looked away';
// Alex's own writing: a draft before its reveal, an apology kept as a draft (never sent).
const ALEX_DRAFT = 'Quokkadraft I need you to stay in the room';
const ALEX_APOLOGY = { did: 'Quokkaapology I shouted', impact: 'Quokkaimpact you felt small', will: 'Quokkawill I will lower my voice', see: 'Quokkasee I will step out first' };
const BLAKE_DRAFT = 'Wombatdraft I need a slower pace';

describe('exports: a zip of exactly what the person may see', () => {
  const bed = liveTestBed();

  async function download(who: HttpClient, path: string) {
    const res = await fetch(`${bed.app.url}${path}`, { headers: who.cookie ? { cookie: who.cookie } : {} });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes };
  }

  const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));

  it("a partner's zip holds their shared documents as they stand, each one's history, their live sessions and notifications; never the counselor's notes or observations", async () => {
    const c = await bed.couple();
    const shared = await createDocument(c.partnerA, c.workspace.id, 'notes', 'How we talk');
    const privateNote = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', PRIVATE_NOTE_TITLE);
    const alex = bed.open(shared.id, c.partnerA.cookie);
    const counselor = bed.open(privateNote.id, c.counselor.cookie);
    await Promise.all([synced(alex), synced(counselor)]);
    alex.text.insert(0, 'We *listen* before we answer');
    counselor.text.insert(0, PRIVATE_NOTE_TEXT);
    await Promise.all([stored(alex), stored(counselor)]);
    // A live session Alex joined, with the counselor's private observations.
    const session = await c.start();
    await act(c.live.partnerA, 'session:join', { sessionId: session.id });
    expect((await c.counselor.request('PUT', `/api/live-sessions/${session.id}/observations`, { text: OBSERVATION })).status).toBe(200);
    await act(c.live.counselor, 'session:end', { sessionId: session.id });

    const res = await download(c.partnerA, '/api/me/export.zip');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kinship-records-alex-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = unzip(res.bytes);
    const names = Object.keys(files);
    const everything = names.join('\n') + Object.values(files).join('\n');
    expect(everything).not.toMatch(/xylophone/i);
    expect(names.filter((n) => n.includes('counselor-notes'))).toEqual([]);

    // The shared note, and the live session's dialogue (Alex may read it too).
    const documents = names.filter((n) => n.endsWith('/document.md')).sort();
    expect(documents).toEqual([
      expect.stringMatching(/^workspaces\/Alex & Blake \([0-9a-f]{8}\)\/documents\/dialogue\/Session dialogue .* \([0-9a-f]{8}\)\/document\.md$/),
      expect.stringMatching(/^workspaces\/Alex & Blake \([0-9a-f]{8}\)\/documents\/notes\/How we talk \([0-9a-f]{8}\)\/document\.md$/),
    ]);
    const notes = documents[1]!;
    const markdown = files[notes]!;
    expect(markdown.split('\n')[0]).toBe('# How we talk');
    // What people typed is escaped: it reads back as the same words, never as Markdown.
    expect(markdown).toContain('We \\*listen\\* before we answer');
    const history = JSON.parse(files[notes.replace('document.md', 'history.json')]!);
    expect(history.edits).toEqual([expect.objectContaining({ authorId: c.ids.partnerA, snippet: 'We *listen* before we answer' })]);
    expect(history.people).toEqual([{ id: c.ids.partnerA, name: 'Alex' }]);

    const sessions = names.filter((n) => n.includes('/live-sessions/'));
    expect(sessions).toHaveLength(1);
    expect(JSON.parse(files[sessions[0]!]!)).toMatchObject({ id: session.id, participants: expect.any(Array) });
    expect(JSON.parse(files['notifications.json']!)).toEqual([]);
    // Their own audit entries: their login and the documents they opened, nobody else's deeds.
    const audit: AuditEntryView[] = JSON.parse(files['audit.json']!);
    expect(audit.map((e) => e.kind)).toContain('login');
    expect(audit.every((e) => e.actor?.accountId === c.ids.partnerA || e.actor === null)).toBe(true);
    expect(JSON.parse(files['account.json']!)).toMatchObject({ id: c.ids.partnerA, name: 'Alex' });
  });

  it("the counselor's workspace zip holds every document and record, the private notes and observations included; a partner is refused, a stranger told nothing", async () => {
    const c = await bed.couple();
    const shared = await createDocument(c.partnerB, c.workspace.id, 'notes', 'Evenings');
    const privateNote = await createDocument(c.counselor, c.workspace.id, 'counselor-notes', PRIVATE_NOTE_TITLE);
    const blake = bed.open(shared.id, c.partnerB.cookie);
    const counselor = bed.open(privateNote.id, c.counselor.cookie);
    await Promise.all([synced(blake), synced(counselor)]);
    blake.text.insert(0, 'Phones away after nine');
    counselor.text.insert(0, PRIVATE_NOTE_TEXT);
    await Promise.all([stored(blake), stored(counselor)]);
    const session = await c.start();
    expect((await c.counselor.request('PUT', `/api/live-sessions/${session.id}/observations`, { text: OBSERVATION })).status).toBe(200);
    await act(c.live.counselor, 'session:end', { sessionId: session.id });

    const res = await download(c.counselor, `/api/workspaces/${c.workspace.id}/export.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kinship-workspace-alex-blake-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = unzip(res.bytes);
    const names = Object.keys(files);
    const md = (kind: string) => files[names.find((n) => n.startsWith(`documents/${kind}/`) && n.endsWith('document.md'))!]!;
    expect(md('notes')).toContain('Phones away after nine');
    expect(md('counselor-notes')).toContain('Xylophonenote watch for stonewalling');
    expect(names.find((n) => n.endsWith('private observations.json'))).toBeDefined();
    expect(Object.values(files).join('\n')).toContain(OBSERVATION);
    expect(JSON.parse(files['workspace.json']!).members).toHaveLength(3);
    // The workspace's trail: the counselor making it, both partners joining.
    const trail: AuditEntryView[] = JSON.parse(files['audit.json']!);
    expect(trail.filter((e) => e.kind === 'membership-added').map((e) => e.subject?.accountId)).toEqual([c.ids.counselor]);
    expect(trail.filter((e) => e.kind === 'invite-accepted').map((e) => e.actor?.accountId).sort()).toEqual([c.ids.partnerA, c.ids.partnerB].sort());

    // Exporting is itself in the trail: the workspace's, with who did it.
    await bed.app.app.get(AuditService).settled();
    const exported = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?kind=workspace-exported`)).body.entries;
    expect(exported.map((e) => e.actor?.accountId)).toEqual([c.ids.counselor]);

    expect((await download(c.partnerA, `/api/workspaces/${c.workspace.id}/export.zip`)).status).toBe(403);
    expect((await download(c.stranger, `/api/workspaces/${c.workspace.id}/export.zip`)).status).toBe(404);
    expect((await download({ cookie: null } as HttpClient, '/api/me/export.zip')).status).toBe(401);
  });

  it("guided repairs and drafts revealed together: each partner's records hold their own writing and what they may see; the other's unrevealed draft and unsent apology never; the counselor's export the repairs, and the drafts only once revealed", async () => {
    const c = await bed.couple();
    const w = c.workspace.id;
    const records = async (who: HttpClient, path = '/api/me/export.zip') => {
      const res = await download(who, path);
      expect(res.status).toBe(200);
      const files = unzip(res.bytes);
      const names = Object.keys(files);
      const inWorkspace = (end: string) => names.filter((n) => n.endsWith(end));
      const repairs = JSON.parse(files[inWorkspace('repairs.json')[0]!]!) as { betrayalUnlocked: boolean; repairs: RepairView[] };
      const reveals = names.filter((n) => n.includes('reveals/')).map((n) => files[n]!);
      return { everything: names.join('\n') + Object.values(files).join('\n'), repairs, reveals };
    };

    // A repair: both calm, Alex's feelings written (Blake's not yet), Alex's apology kept as a draft; set aside, and a second one started.
    const first = (await c.partnerA.post<RepairView>(`/api/workspaces/${w}/repairs`, { kind: 'incident' })).body;
    for (const who of [c.partnerA, c.partnerB]) expect((await who.post(`/api/repairs/${first.id}/moves`, { type: 'calm' })).status).toBe(200);
    expect((await c.partnerA.post(`/api/repairs/${first.id}/moves`, { type: 'feelings', feelings: ['hurt', 'lonely'] })).status).toBe(200);
    expect((await c.partnerA.request('PUT', `/api/repairs/${first.id}/apology`, { ...ALEX_APOLOGY, send: false })).status).toBe(200);
    expect((await c.partnerB.post(`/api/repairs/${first.id}/moves`, { type: 'close' })).status).toBe(200);
    const second = (await c.partnerB.post<RepairView>(`/api/workspaces/${w}/repairs`, { kind: 'incident' })).body;

    // A prompt; each partner writes their own draft and marks it done.
    const opened = await c.counselor.post<RevealsView>(`/api/workspaces/${w}/reveals`, { text: 'What I need from you when we disagree' });
    const promptId = opened.body.prompts[0]!.id;
    for (const [who, words] of [[c.partnerA, ALEX_DRAFT], [c.partnerB, BLAKE_DRAFT]] as const) {
      const mine = (await who.get<RevealsView>(`/api/workspaces/${w}/reveals`)).body.prompts[0]!.mine!;
      const client = bed.open(mine.documentId, who.cookie);
      await synced(client);
      client.text.insert(0, words);
      await stored(client);
      expect((await who.request('PUT', `/api/workspaces/${w}/reveals/${promptId}/mine`, { done: true })).status).toBe(200);
    }

    // Alex's own records: both repairs as Alex sees them, Alex's apology draft (of the repair set aside), Alex's own draft before the reveal.
    const alex = await records(c.partnerA);
    expect(alex.repairs.repairs.map((r) => r.id)).toEqual([second.id, first.id]);
    const alexFirst = alex.repairs.repairs[1]!;
    expect(alexFirst).toMatchObject({ status: 'closed', myApologyDraft: ALEX_APOLOGY, feelings: { [c.ids.partnerA]: ['hurt', 'lonely'] } });
    expect(alex.reveals).toHaveLength(1);
    expect(alex.reveals[0]).toContain('# What I need from you when we disagree');
    expect(alex.reveals[0]).toContain(`## Your draft\n\n${ALEX_DRAFT}`);
    expect(alex.everything).not.toContain('Wombatdraft');

    // Blake's: the same repairs as Blake sees them (Alex's feelings hidden until both wrote theirs), nothing of Alex's draft or apology.
    const blake = await records(c.partnerB);
    expect(blake.repairs.repairs.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(blake.repairs.repairs[1]).toMatchObject({ status: 'closed', myApologyDraft: null });
    expect(blake.repairs.repairs[1]!.feelings).toEqual({});
    expect(blake.reveals[0]).toContain(`## Your draft\n\n${BLAKE_DRAFT}`);
    expect(blake.everything).not.toMatch(/quokka/i);

    // The counselor's workspace export: every repair with every entry, no apology draft; the prompt, no draft before the reveal.
    const before = await records(c.counselor, `/api/workspaces/${w}/export.zip`);
    expect(before.repairs.repairs.map((r) => r.id)).toEqual([second.id, first.id]);
    expect(before.repairs.repairs[1]).toMatchObject({ myApologyDraft: null, feelings: { [c.ids.partnerA]: ['hurt', 'lonely'] } });
    expect(before.reveals).toHaveLength(1);
    expect(before.reveals[0]).toContain('# What I need from you when we disagree');
    expect(before.everything).not.toMatch(/quokkadraft|wombatdraft|quokkaapology|quokkaimpact|quokkawill|quokkasee/i);

    // Revealed: Blake's records hold Alex's draft, and the counselor's both; Alex's unsent apology stays Alex's alone.
    expect((await c.counselor.post(`/api/workspaces/${w}/reveals/${promptId}/reveal`)).status).toBe(200);
    const blakeAfter = await records(c.partnerB);
    expect(blakeAfter.reveals[0]).toContain(`## Alex’s draft\n\n${ALEX_DRAFT}`);
    expect(blakeAfter.reveals[0]).toContain(`## Your draft\n\n${BLAKE_DRAFT}`);
    expect(blakeAfter.everything).not.toMatch(/quokkaapology|quokkaimpact|quokkawill|quokkasee/i);
    const after = await records(c.counselor, `/api/workspaces/${w}/export.zip`);
    expect(after.reveals[0]).toContain(`## Alex’s draft\n\n${ALEX_DRAFT}`);
    expect(after.reveals[0]).toContain(`## Blake’s draft\n\n${BLAKE_DRAFT}`);
    expect(after.everything).not.toMatch(/quokkaapology|quokkaimpact|quokkawill|quokkasee/i);
  });

  it("a partner's records hold no notifications of a workspace they were removed from (as the bell shows none), and the download is in their activity", async () => {
    const c = await bed.couple();
    const agreement = await createDocument(c.counselor, c.workspace.id, 'agreement', 'Weekends');
    await bed.app.dataSource.query(
      `INSERT INTO notification (recipient_id, workspace_id, kind, actor_id, agreement_id, text) VALUES ($1, $2, 'version.in-force', $3, $4, 'Xylophonenotice Weekends is in force')`,
      [c.ids.partnerB, c.workspace.id, c.ids.counselor, agreement.id],
    );
    const before = unzip((await download(c.partnerB, '/api/me/export.zip')).bytes);
    expect(before['notifications.json']).toContain('Xylophonenotice');

    expect((await c.counselor.request('DELETE', `/api/workspaces/${c.workspace.id}/members/${c.ids.partnerB}`)).status).toBe(204);
    const after = unzip((await download(c.partnerB, '/api/me/export.zip')).bytes);
    expect(JSON.parse(after['notifications.json']!)).toEqual([]);
    expect(Object.values(after).join('\n')).not.toContain('Xylophonenotice');

    await bed.app.app.get(AuditService).settled();
    const mine = (await c.partnerB.get<AuditPage>('/api/me/audit?kind=records-exported')).body.entries;
    expect(mine).toHaveLength(2);
  });
});
