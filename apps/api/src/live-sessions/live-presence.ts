import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { LiveDoor } from '../realtime/live-door.gateway';
import { LiveSessionsService } from './live-sessions.service';

/** Presence is sent this long after a change, once for a burst of changes. */
const PRESENCE_DEBOUNCE_MS = 25;

/**
 * `session:presence`: who is in a workspace now, and where, built from the sockets open now in
 * every process (the door's watchers), so it is truthful when a connection drops.
 */
@Injectable()
export class LivePresence implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveSessions');
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly door: LiveDoor,
    private readonly live: LiveSessionsService,
  ) {}

  /** Presence is sent shortly after a change, once for a burst of changes. */
  schedule(workspaceId: string): void {
    if (this.timers.has(workspaceId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(workspaceId);
      this.send(workspaceId).catch((error) => this.logger.warn(`Sending presence failed: ${String(error)}`));
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.timers.set(workspaceId, timer);
  }

  private async send(workspaceId: string): Promise<void> {
    // With Redis away, the door counts this process's own sockets: the best it can tell.
    const watchers = await this.door.watchers(workspaceId);
    const tabs = watchers.map(({ accountId, watch }) => ({ accountId, documentId: watch.documentId, activity: watch.activity, at: watch.at }));
    const people = await this.live.presence(workspaceId, tabs);
    this.door.send({ workspace: workspaceId }, 'session:presence', { workspaceId, people });
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
