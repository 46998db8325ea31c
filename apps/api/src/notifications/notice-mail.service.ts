import { Inject, Injectable } from '@nestjs/common';
import type { NoticeMailView } from '@kinship/domain/wire';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/env';
import { NOTIFICATION_CREATED, NotificationCreated, OnEvent } from '../events/events';
import { somethingWaitingMail } from '../mail/mail-templates';
import { MAILER, Mailer } from '../mail/mailer';
import { LiveDoor } from '../realtime/live-door.gateway';
import { NoticeMailRepository } from './notice-mail.repository';

/**
 * Mail that says nothing private: a person who chose it (off by default, only offered when the
 * practice has set SMTP_URL) hears "Something new is waiting for you in Kinship" when a
 * notification is made for them while they have no socket open on the `/live` door, at most once
 * in NOTICE_MAIL_EVERY_HOURS. The mail holds a link to the app and nothing from Kinship: not the
 * notification, nor a name, title, count or workspace (others may read a person's inbox).
 */
@Injectable()
export class NoticeMailService {
  constructor(
    private readonly repository: NoticeMailRepository,
    private readonly door: LiveDoor,
    @Inject(MAILER) private readonly mailer: Mailer | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(accountId: string): Promise<NoticeMailView> {
    return { available: this.mailer !== null, enabled: this.mailer !== null && (await this.repository.enabled(accountId)) };
  }

  async choose(accountId: string, enabled: boolean): Promise<NoticeMailView> {
    if (!this.mailer) throw new DomainError('not_found', 'This practice has not set up email');
    await this.repository.set(accountId, enabled);
    return this.view(accountId);
  }

  /** Never in the way of the notification itself: the mail is sent, or not, after it. */
  @OnEvent(NOTIFICATION_CREATED)
  onNotification(event: NotificationCreated): void {
    const mailer = this.mailer;
    if (!mailer) return;
    mailer.later('A notice mail', async () => {
      if (await this.door.present(event.recipientId)) return;
      const email = await this.repository.claim(event.recipientId, this.config.mail.noticeEveryMs);
      if (email) await mailer.send(email, somethingWaitingMail(`${this.config.publicUrl}/`));
    });
  }
}
