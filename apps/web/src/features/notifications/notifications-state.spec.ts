import type { NotificationsPage, NotificationView } from '@kinship/domain/wire';
import { bellLabel, markedRead, notificationHref, withNew } from './notifications-state';

const n = (id: string, readAt: string | null = null, proposalId: string | null = 'p1'): NotificationView => ({
  id,
  workspaceId: 'w1',
  kind: 'proposal.opened',
  actor: { accountId: 'a', name: 'Alex' },
  agreementId: 'ag1',
  proposalId,
  text: 'Alex proposed a change',
  createdAt: '2026-01-01T00:00:00.000Z',
  readAt,
});
const page = (notifications: NotificationView[], unread: number): NotificationsPage => ({ notifications, unread, nextBefore: null });

describe('the notifications on screen', () => {
  it('a new one goes on top with the server’s unread count, and never twice', () => {
    const once = withNew(page([n('1')], 1), { notification: n('2'), unread: 2 })!;
    expect(once.notifications.map((x) => x.id)).toEqual(['2', '1']);
    expect(once.unread).toBe(2);
    expect(withNew(once, { notification: n('2'), unread: 2 })!.notifications).toHaveLength(2);
    expect(withNew(undefined, { notification: n('2'), unread: 2 })).toBeUndefined();
  });

  it('marking one read lowers the count by one; marking all clears it', () => {
    const start = page([n('1'), n('2'), n('3', '2026-01-01T00:00:00.000Z')], 2);
    const one = markedRead(start, ['1', '3'], 'now')!;
    expect(one.unread).toBe(1);
    expect(one.notifications.map((x) => x.readAt)).toEqual(['now', null, '2026-01-01T00:00:00.000Z']);
    expect(markedRead(one, 'all', 'later')!.unread).toBe(0);
  });

  it('links to the proposal, or to the agreement when there is none', () => {
    expect(notificationHref(n('1'))).toBe('/workspaces/w1/agreements/ag1/proposals/p1');
    expect(notificationHref(n('1', null, null))).toBe('/workspaces/w1/documents/ag1');
  });

  it('names the bell with the unread count', () => {
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(bellLabel(0)).toBe('Notifications, none unread');
  });
});
