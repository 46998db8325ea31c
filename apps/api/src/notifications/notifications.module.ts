import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { NotificationDelivery } from './notification-delivery';

/**
 * Notifications of agreement and proposal activity. Listens to `agreement.activity`; emits
 * `notification.created`, which NotificationDelivery sends to the person's sockets on the `/live` door.
 */
@Module({
  imports: [RealtimeModule],
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, NotificationDelivery],
})
export class NotificationsModule {}
