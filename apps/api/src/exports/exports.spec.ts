import { strFromU8, unzipSync } from 'fflate';
import type { AuditEntryView, AuditPage } from '@kinship/domain/wire';
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
