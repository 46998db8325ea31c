import type { AuditPage, AuthorshipView, InviteCreated, WorkspaceDetail, WorkspaceSummary } from '@kinship/domain/wire';
import { liveTestBed } from '../../../test/support/live-test-bed';
import { createDocument } from '../../../test/support/couple';
import { openRawSocket, stored, synced } from '../../../test/support/sync-client';
import { LiveSessionsGateway } from '../../live-sessions/live-sessions.gateway';

describe('ending a membership', () => {
  const bed = liveTestBed();

  /** The 500 ms sync sweep and the 2 s live sweep would close the sockets too: stopped, so only the event can. */
  function stopSweeps(): () => void {
    const gateway = bed.app.app.get(LiveSessionsGateway);
    const saved = { sync: bed.app.sync.sweep, live: gateway.sweep };
    bed.app.sync.sweep = async () => undefined;
    gateway.sweep = async () => undefined;
    return () => {
      bed.app.sync.sweep = saved.sync;
      gateway.sweep = saved.live;
    };
  }

  it('the counselor removes a partner: their sockets to the workspace close at once, their writing stays theirs, and they can be invited again', async () => {
    const c = await bed.couple();
    const note = await createDocument(c.partnerA, c.workspace.id, 'notes', 'Mornings');
    const writer = bed.open(note.id, c.partnerA.cookie);
    await synced(writer);
    writer.text.insert(0, 'Coffee together at seven');
    await stored(writer);
    const socket = await openRawSocket(bed.app.wsUrl, note.id, c.partnerA.cookie);
    const restart = stopSweeps();
    try {
      const asked = Date.now();
      const removed = await c.counselor.delete(`/api/workspaces/${c.workspace.id}/members/${c.ids.partnerA}`);
      expect(removed.status).toBe(204);
      const closed = await socket.closed;
      expect(closed.code).toBe(4403);
      expect(Date.now() - asked).toBeLessThan(400);
      // The live socket stays open (it carries the person's notifications) but leaves the workspace.
      await c.live.partnerA.next('session:state', (m: { workspaceId: string; session: unknown }) => m.workspaceId === c.workspace.id && m.session === null, 400);
    } finally {
      restart();
    }
    expect((await c.partnerA.get(`/api/workspaces/${c.workspace.id}`)).status).toBe(404);
    // The workspace's audit trail says who removed whom.
    let removal: AuditPage['entries'][number] | undefined;
    for (let tries = 0; !removal && tries < 30; tries++) {
      [removal] = (await c.counselor.get<AuditPage>(`/api/workspaces/${c.workspace.id}/audit?kind=membership-removed`)).body.entries;
      if (!removal) await new Promise((r) => setTimeout(r, 100));
    }
    expect(removal).toMatchObject({ actor: { accountId: c.ids.counselor }, subject: { accountId: c.ids.partnerA } });
    expect((await c.partnerA.get<WorkspaceSummary[]>('/api/workspaces')).body).toEqual([]);
    // What Alex wrote stays Alex's.
    const authorship = await c.counselor.get<AuthorshipView>(`/api/documents/${note.id}/authorship`);
    expect(authorship.body.blocks.flatMap((b) => b.runs)).toEqual([{ text: 'Coffee together at seven', authorId: c.ids.partnerA }]);
    expect(authorship.body.people).toEqual([{ id: c.ids.partnerA, name: 'Alex' }]);
    // Invited again, Alex is back.
    const invite = await c.counselor.post<InviteCreated>(`/api/workspaces/${c.workspace.id}/invites`, { role: 'partner' });
    expect((await c.partnerA.post(`/api/invites/${invite.body.token}/accept`)).status).toBe(200);
    expect((await c.partnerA.get<WorkspaceDetail>(`/api/workspaces/${c.workspace.id}`)).body.members).toHaveLength(3);
  });

  it('a partner leaves; the counselor can neither leave nor remove themselves; a partner cannot remove anyone; a stranger is told nothing', async () => {
    const c = await bed.couple();
    const ws = c.workspace.id;
    expect((await c.counselor.post(`/api/workspaces/${ws}/leave`)).status).toBe(403);
    expect((await c.counselor.delete(`/api/workspaces/${ws}/members/${c.ids.counselor}`)).status).toBe(403);
    expect((await c.partnerA.delete(`/api/workspaces/${ws}/members/${c.ids.partnerB}`)).status).toBe(403);
    expect((await c.stranger.delete(`/api/workspaces/${ws}/members/${c.ids.partnerB}`)).status).toBe(404);
    expect((await c.stranger.post(`/api/workspaces/${ws}/leave`)).status).toBe(404);
    expect((await c.counselor.delete(`/api/workspaces/${ws}/members/${c.ids.stranger}`)).status).toBe(404);

    const note = await createDocument(c.partnerB, ws, 'notes', 'Weekends');
    const socket = await openRawSocket(bed.app.wsUrl, note.id, c.partnerB.cookie);
    const restart = stopSweeps();
    try {
      expect((await c.partnerB.post(`/api/workspaces/${ws}/leave`)).status).toBe(204);
      expect((await socket.closed).code).toBe(4403);
    } finally {
      restart();
    }
    const detail = await c.counselor.get<WorkspaceDetail>(`/api/workspaces/${ws}`);
    expect(detail.body.members.map((m) => m.displayName).sort()).toEqual(['Alex', 'Dr Rivera']);
    expect(detail.body.openPartnerPlaces).toBe(1);
  });
});
