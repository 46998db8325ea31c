import { SyncCloseCode } from '@kinship/domain/wire';
import { AwarenessEntry, AwarenessRefused, AwarenessRegistry, decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-registry';
import { awarenessFrame } from './protocol';
import type { Peer } from './ports';

/** Presence from another process that was not renewed this long is gone (clients renew every 15 s). */
const REMOTE_PRESENCE_TTL_MS = 30_000;

/**
 * Who is present on a document: this process's connections (each client id tied to the connection
 * that announced it, see AwarenessRegistry) and what the same document's rooms in other processes
 * announced (they checked it), heard within the last half minute.
 */
export class RoomPresence<Owner extends { readonly peer: Peer }> {
  private readonly local: AwarenessRegistry<Owner>;
  private readonly remote = new Map<number, AwarenessEntry & { heardAt: number }>();

  constructor(maxAwarenessBytes: number) {
    this.local = new AwarenessRegistry<Owner>(maxAwarenessBytes);
  }

  /**
   * A connection's presence update: the frame to relay of what was accepted, or null (nothing
   * new, or refused: a malformed or oversized state closes the connection).
   */
  receive(owner: Owner & { close(code: number, reason: string): void }, update: Uint8Array): Uint8Array | null {
    let accepted: AwarenessEntry[];
    try {
      accepted = this.local.apply(owner, update);
    } catch (error) {
      if (!(error instanceof AwarenessRefused)) throw error;
      owner.close(error.kind === 'malformed' ? SyncCloseCode.malformed : SyncCloseCode.updateRefused, error.message);
      return null;
    }
    return accepted.length > 0 ? awarenessFrame(encodeAwarenessUpdate(accepted)) : null;
  }

  /** A connection left: its client ids are gone, for everyone. */
  removeOwner(owner: Owner): AwarenessEntry[] {
    return this.local.removeOwner(owner);
  }

  /** Presence another process relayed. */
  hear(update: Uint8Array): void {
    const heardAt = Date.now();
    for (const entry of decodeAwarenessUpdate(update)) {
      if (entry.state === 'null') this.remote.delete(entry.clientId);
      else this.remote.set(entry.clientId, { ...entry, heardAt });
    }
  }

  /** Everyone present now. */
  current(): AwarenessEntry[] {
    const present = this.local.current();
    const fresh = Date.now() - REMOTE_PRESENCE_TTL_MS;
    for (const [clientId, entry] of this.remote) {
      if (entry.heardAt < fresh) this.remote.delete(clientId);
      else present.push({ clientId, clock: entry.clock, state: entry.state });
    }
    return present;
  }
}
