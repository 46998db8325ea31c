import { storageLimitReason } from '@kinship/domain/wire';

/**
 * How much a document and a workspace may keep: every stored edit is kept for history, so a
 * paste-and-delete flood would otherwise grow the store without end. Counted in the bytes of the
 * stored update rows (`StorageUsage`, read from the store when a room loads, and for a workspace
 * again at most once a minute), plus what this process stores meanwhile. Several processes each
 * add their own edits to the last reading, so a workspace can pass its quota by what the others
 * stored since then: a bound of the order stated, not to the byte.
 */

export interface QuotaLimits {
  documentBytes: number;
  workspaceBytes: number;
}

/** Bytes of stored update rows, as the store counts them. */
export interface StorageUsage {
  document: number;
  /** Null when it was not asked for (the process read it less than a minute ago). */
  workspace: number | null;
}

/** Counted for each stored row beyond the update's own bytes (the encryption envelope and the row). */
export const ROW_OVERHEAD_BYTES = 32;
/** A workspace's reading older than this is taken again when one of its documents loads. */
const WORKSPACE_READING_MS = 60_000;

/** One reading per workspace this process has served (a number each: the map stays small). */
export class StorageQuota {
  private readonly workspaces = new Map<string, { bytes: number; readAt: number }>();

  constructor(readonly limits: QuotaLimits) {}

  /** True when a room loading in this workspace should ask the store for the workspace's usage. */
  wantsWorkspaceReading(workspaceId: string): boolean {
    const known = this.workspaces.get(workspaceId);
    return !known || Date.now() - known.readAt > WORKSPACE_READING_MS;
  }

  /** The store's count for a workspace, taken as the truth from now on. */
  readWorkspace(workspaceId: string, bytes: number): void {
    this.workspaces.set(workspaceId, { bytes, readAt: Date.now() });
  }

  /** What an update of this many bytes adds to the store. */
  static cost(updateBytes: number): number {
    return updateBytes + ROW_OVERHEAD_BYTES;
  }

  /**
   * Why storing `adding` more bytes is refused, in the words the editor shows, or null when it
   * fits: the document's kept bytes so far are `documentBytes`.
   */
  refusal(workspaceId: string, documentBytes: number, adding: number): string | null {
    if (documentBytes + adding > this.limits.documentBytes) return storageLimitReason('document', this.limits.documentBytes);
    const workspace = this.workspaces.get(workspaceId)?.bytes ?? 0;
    if (workspace + adding > this.limits.workspaceBytes) return storageLimitReason('workspace', this.limits.workspaceBytes);
    return null;
  }

  /** Bytes this process stored for the workspace since its last reading. */
  stored(workspaceId: string, bytes: number): void {
    const known = this.workspaces.get(workspaceId);
    if (known) known.bytes += bytes;
  }
}
