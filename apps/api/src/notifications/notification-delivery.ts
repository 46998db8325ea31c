import { Injectable } from '@nestjs/common';
import { LiveDoor } from '../realtime/live-door.gateway';
import { NOTIFICATION_CREATED, NotificationCreated, OnEvent } from '../events/events';

/**
 * A new notification reaches every socket its person has open on the `/live` door (whatever
 * workspace each watches, or none), in every process.
 */
@Injectable()
export class NotificationDelivery {
  constructor(private readonly door: LiveDoor) {}

  @OnEvent(NOTIFICATION_CREATED)
  deliver(event: NotificationCreated): void {
    this.door.send({ person: event.recipientId }, 'notification:new', event.message);
  }
}
