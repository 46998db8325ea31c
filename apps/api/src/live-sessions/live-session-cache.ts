import { Injectable } from '@nestjs/common';
import type { LiveSessionView } from '@kinship/domain';
import { LiveSessionsRepository, WorkspaceMember } from './live-sessions.repository';
import { toView } from './live-session.transitions';

/** What this process knows of a workspace's live session. */
export interface CachedLiveSession {
  /** The live session, whole (the counselor's view); null when none is live. */
  session: LiveSessionView | null;
  /** The version of the change it reflects: a higher one is newer (0 when the workspace never had a session). */
  version: number;
  members: WorkspaceMember[];
}

/**
 * Each workspace's live session as this process last heard of it, for the sync write gate (which
 * decides every update frame synchronously) and the gateway. Filled from PostgreSQL on demand, so
 * a restarted process starts from the database; a change made here is put in at once, a change
 * made by another process arrives by message or by the catch-up, and only ever a newer version
 * replaces an older one.
 */
@Injectable()
export class LiveSessionCache {
  private readonly entries = new Map<string, CachedLiveSession>();
  private readonly loading = new Map<string, Promise<CachedLiveSession>>();

  constructor(private readonly repository: LiveSessionsRepository) {}

  /** What is known now, without waiting; undefined when the workspace was never loaded here. */
  peek(workspaceId: string): CachedLiveSession | undefined {
    return this.entries.get(workspaceId);
  }

  /** The workspace's entry, loading it from the database the first time. */
  get(workspaceId: string): Promise<CachedLiveSession> {
    const known = this.entries.get(workspaceId);
    return known ? Promise.resolve(known) : this.load(workspaceId);
  }

  /** Reads the workspace's latest session (and members) from the database; one read at a time per workspace. */
  load(workspaceId: string): Promise<CachedLiveSession> {
    const inFlight = this.loading.get(workspaceId);
    if (inFlight) return inFlight;
    const loading = (async () => {
      const [row, members] = await Promise.all([this.repository.latestOfWorkspace(workspaceId), this.repository.membersOf(workspaceId)]);
      const loaded: CachedLiveSession = {
        session: row && row.endedAt === null ? toView(row) : null,
        version: row?.version ?? 0,
        members,
      };
      return this.offer(workspaceId, loaded);
    })().finally(() => this.loading.delete(workspaceId));
    this.loading.set(workspaceId, loading);
    return loading;
  }

  /**
   * A word on the workspace's session: kept unless a newer one is already here. Returns the entry
   * as it now is. Members are refreshed when given.
   */
  offer(workspaceId: string, next: { session: LiveSessionView | null; version: number; members?: WorkspaceMember[] }): CachedLiveSession {
    const current = this.entries.get(workspaceId);
    const members = next.members ?? current?.members ?? [];
    if (current && current.version > next.version) {
      if (next.members) current.members = next.members;
      return current;
    }
    const entry: CachedLiveSession = { session: next.session, version: next.version, members };
    this.entries.set(workspaceId, entry);
    return entry;
  }

  /** Another process changed the workspace's session to `version`: read it again unless it is here already. */
  async heardOf(workspaceId: string, version: number): Promise<void> {
    // Not held here: whoever needs it later reads it fresh.
    if (!this.entries.has(workspaceId) && !this.loading.has(workspaceId)) return;
    if ((this.entries.get(workspaceId)?.version ?? -1) >= version) return;
    await this.load(workspaceId);
    // A read already under way may have started before the change committed: read once more.
    if ((this.entries.get(workspaceId)?.version ?? -1) < version) await this.load(workspaceId);
  }

  /**
   * Catches up with changes whose message never came (Redis pub/sub may drop one): every held
   * workspace whose latest version in the database is newer is read again.
   */
  async catchUp(): Promise<string[]> {
    const held = [...this.entries.keys()];
    const latest = await this.repository.latestVersions(held);
    const stale = held.filter((id) => (latest.get(id) ?? 0) > (this.entries.get(id)?.version ?? 0));
    await Promise.all(stale.map((id) => this.load(id)));
    return stale;
  }
}
