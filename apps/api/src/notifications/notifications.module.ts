import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { NoticeMailController } from './notice-mail.controller';
import { NoticeMailRepository } from './notice-mail.repository';
import { NoticeMailService } from './notice-mail.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { NotificationDelivery } from './notification-delivery';

/**
 * Notifications of agreement and proposal activity. Listens to `agreement.activity`; emits
 * `notification.created`, which NotificationDelivery sends to the person's sockets on the `/live` door
 * and NoticeMailService may turn into a mail that says only that something is waiting.
 */
@Module({
  imports: [RealtimeModule, MailModule],
  controllers: [NotificationsController, NoticeMailController],
  providers: [NotificationsRepository, NotificationsService, NotificationDelivery, NoticeMailRepository, NoticeMailService],
})
export class NotificationsModule {}
