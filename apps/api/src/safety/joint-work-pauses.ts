import { Injectable } from '@nestjs/common';
import { JointWorkRepository } from './joint-work.repository';

/** How long a workspace nobody here edits stays known after it was last read. */
const KEEP_MS = 60_000;

/**
 * Whether a workspace's joint work is paused: read from PostgreSQL for every REST decision
 * (`isPaused`), and held in memory for the sync write gate, which decides every update frame at
 * once (`peek`). The sync server reads a workspace here before admitting a connection, and reads
 * again every workspace it has connections to on its sweep (every half second), so a pause made
 * by another process holds here within that; a pause made here holds at once.
 */
@Injectable()
export class JointWorkPauses {
  private readonly known = new Map<string, { paused: boolean; at: number }>();

  constructor(private readonly repository: JointWorkRepository) {}

  async isPaused(workspaceId: string): Promise<boolean> {
    return (await this.repository.pausedAmong([workspaceId])).has(workspaceId);
  }

  /** Reads the workspace into memory (before a sync connection is admitted), and says whether it is paused. */
  async load(workspaceId: string): Promise<boolean> {
    const paused = await this.isPaused(workspaceId);
    this.known.set(workspaceId, { paused, at: Date.now() });
    return paused;
  }

  /** What is known here now, without waiting; undefined when this workspace was not read. */
  peek(workspaceId: string): boolean | undefined {
    return this.known.get(workspaceId)?.paused;
  }

  /** A pause or resume made in this process: it holds here at once. */
  offer(workspaceId: string, paused: boolean): void {
    this.known.set(workspaceId, { paused, at: Date.now() });
  }

  /** Reads these workspaces again (the ones with open connections), and forgets the others once not read for a while. */
  async refresh(workspaceIds: string[]): Promise<void> {
    const ids = [...new Set(workspaceIds)];
    const paused = await this.repository.pausedAmong(ids);
    const now = Date.now();
    for (const id of ids) this.known.set(id, { paused: paused.has(id), at: now });
    for (const [id, entry] of this.known) if (now - entry.at > KEEP_MS) this.known.delete(id);
  }
}
