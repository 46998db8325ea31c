import { Injectable, Logger } from '@nestjs/common';
import { mayBeNotified, NotificationKind, NotificationsPage, NotificationsReadResult, NotificationView } from '@kinship/domain/wire';
import { NotificationsRepository } from './notifications.repository';
import { AGREEMENT_ACTIVITY, AgreementActivity, EventBus, InjectEventBus, NOTIFICATION_CREATED, NotificationCreated, OnEvent } from '../events/events';

/**
 * Notifications: made when something happens to an agreement or a proposal, for every member of
 * the workspace but the person who did it, and only for members who may read what it is about
 * (`mayBeNotified`: agreements and proposals, never a counselor's private notes). Each person
 * reads and marks only their own.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly repository: NotificationsRepository,
    @InjectEventBus() private readonly events: EventBus,
  ) {}

  /** Awaited by the agreement services (emitAsync): a failure here is logged, never fails what the person did. */
  @OnEvent(AGREEMENT_ACTIVITY, { promisify: true, suppressErrors: true })
  async onActivity(activity: AgreementActivity): Promise<void> {
    try {
      await this.record(activity);
    } catch (error) {
      this.logger.warn(`Notifying of ${activity.kind} on ${activity.proposalId ?? activity.agreementId} failed: ${String(error)}`);
    }
  }

  /** Stores one notification per recipient and tells their open sockets; returns what was made. */
  async record(activity: AgreementActivity): Promise<{ recipientId: string; notification: NotificationView }[]> {
    const agreement = await this.repository.document(activity.agreementId);
    if (!agreement || agreement.kind !== 'agreement') return [];
    const proposal = activity.proposalId ? await this.repository.document(activity.proposalId) : null;
    if (activity.proposalId && (!proposal || proposal.kind !== 'proposal' || proposal.workspaceId !== agreement.workspaceId)) return [];
    const members = await this.repository.members(agreement.workspaceId);
    const recipients = members.filter(
      (m) => m.accountId !== activity.actorId && mayBeNotified(m.role, agreement.kind) && (!proposal || mayBeNotified(m.role, proposal.kind)),
    );
    if (recipients.length === 0) return [];
    const actor = (await this.repository.name(activity.actorId)) ?? 'Someone';
    const about = activity.about ? await this.repository.name(activity.about) : null;
    const made = await this.repository.insert(
      recipients.map((r) => r.accountId),
      {
        workspaceId: agreement.workspaceId,
        kind: activity.kind,
        actorId: activity.actorId,
        agreementId: agreement.id,
        proposalId: proposal?.id ?? null,
        text: describe(activity.kind, actor, agreement.title, about),
      },
    );
    for (const { recipientId, notification } of made) {
      const unread = await this.repository.unread(recipientId);
      const event: NotificationCreated = { recipientId, message: { notification, unread } };
      this.events.emit(NOTIFICATION_CREATED, event);
    }
    return made;
  }

  async page(accountId: string, limit: number, before?: string): Promise<NotificationsPage> {
    const rows = await this.repository.page(accountId, limit + 1, before);
    const notifications = rows.slice(0, limit);
    return {
      notifications,
      unread: await this.repository.unread(accountId),
      nextBefore: rows.length > limit ? notifications[notifications.length - 1]!.id : null,
    };
  }

  async markRead(accountId: string, ids: string[] | 'all'): Promise<NotificationsReadResult> {
    const marked = await this.repository.markRead(accountId, ids);
    return { marked, unread: await this.repository.unread(accountId) };
  }
}

/** The short plain sentence a person reads. */
export function describe(kind: NotificationKind, actor: string, agreement: string, about: string | null): string {
  const title = `“${agreement.length > 120 ? `${agreement.slice(0, 119)}…` : agreement}”`;
  switch (kind) {
    case 'proposal.opened':
      return `${actor} proposed a change to ${title}`;
    case 'proposal.commented':
      return `${actor} commented on a proposal for ${title}`;
    case 'proposal.accepted':
      return `${actor} accepted a proposal for ${title}`;
    case 'proposal.declined':
      return `${actor} declined a proposal for ${title}`;
    case 'proposal.withdrawn':
      return about
        ? `${actor} edited a proposal for ${title}, which withdrew ${about === actor ? 'their' : `${about}’s`} acceptance`
        : `${actor} withdrew a proposal for ${title}`;
    case 'version.in-force':
      return `A new version of ${title} is in force`;
  }
}
