import { Injectable } from '@nestjs/common';
import type { LiveSessionView } from '@kinship/domain/rules';
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

/** A workspace this process does not hold, once it knows every live session: none is live there. */
const NO_SESSION: CachedLiveSession = Object.freeze({ session: null, version: 0, members: Object.freeze([]) as unknown as WorkspaceMember[] });

/**
 * Each workspace's live session as this process last heard of it, for the sync write gate (which
 * decides every update frame synchronously) and the gateway. Filled from PostgreSQL on demand, so
 * a restarted process starts from the database; a change made here is put in at once, a change
 * made by another process arrives by message or by the catch-up, and only ever a newer version
 * replaces an older one.
 *
 * Memory stays bounded: it holds every workspace with a live session (read again on any word of a
 * change, and found by the catch-up), and the others only while something here uses them — a
 * workspace where no session is live and no socket here watches is forgotten at the sweep. Once
 * every live session is known (after the first catch-up), a workspace not held has none.
 */
@Injectable()
export class LiveSessionCache {
  private readonly entries = new Map<string, CachedLiveSession>();
  private readonly loading = new Map<string, Promise<CachedLiveSession>>();
  /** Set once a catch-up has read every live session: from then on, a workspace not held has none live. */
  private everyLiveSessionKnown = false;

  constructor(private readonly repository: LiveSessionsRepository) {}

  /**
   * What is known now, without waiting. A workspace not held has no live session once every live
   * session is known here; before that (just after boot), undefined when it was never loaded.
   */
  peek(workspaceId: string): CachedLiveSession | undefined {
    return this.entries.get(workspaceId) ?? (this.everyLiveSessionKnown ? NO_SESSION : undefined);
  }

  /** Whether the workspace is held in memory here now (not: whether a session is live there). */
  holds(workspaceId: string): boolean {
    return this.entries.has(workspaceId);
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

  /**
   * Another process changed the workspace's session to `version`: read it again unless it is here
   * already. A workspace not held is read too (a session may have started there): the write gate
   * takes a workspace not held as having no live session.
   */
  async heardOf(workspaceId: string, version: number): Promise<void> {
    if ((this.entries.get(workspaceId)?.version ?? -1) >= version) return;
    await this.load(workspaceId);
    // A read already under way may have started before the change committed: read once more.
    if ((this.entries.get(workspaceId)?.version ?? -1) < version) await this.load(workspaceId);
  }

  /** The ids of the live sessions held here. */
  liveSessionIds(): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.entries.values()) if (entry.session) ids.add(entry.session.id);
    return ids;
  }

  /**
   * Catches up with changes whose message never came (Redis pub/sub may drop one): every held
   * workspace whose latest version in the database is newer is read again, and so is every live
   * session not held here. Returns the workspaces read.
   */
  async catchUp(): Promise<string[]> {
    const held = [...this.entries.keys()];
    const latest = await this.repository.latestVersionsAndLive(held);
    const stale = [...latest].filter(([id, version]) => version > (this.entries.get(id)?.version ?? 0)).map(([id]) => id);
    await Promise.all(stale.map((id) => this.load(id)));
    this.everyLiveSessionKnown = true;
    return stale;
  }

  /**
   * Forgets every held workspace where no session is live, unless `keep` says something here uses
   * it (a socket watching it). Only once every live session is known, so a forgotten workspace is
   * still rightly taken as having none. Returns how many were forgotten.
   */
  forget(keep: (workspaceId: string) => boolean): number {
    if (!this.everyLiveSessionKnown) return 0;
    let forgotten = 0;
    for (const [workspaceId, entry] of this.entries) {
      if (entry.session !== null || this.loading.has(workspaceId) || keep(workspaceId)) continue;
      this.entries.delete(workspaceId);
      forgotten += 1;
    }
    return forgotten;
  }
}
