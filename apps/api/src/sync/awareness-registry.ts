import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

interface Entry<O> {
  clock: number;
  /** The state as the client encoded it (JSON text); "null" once removed. */
  state: string;
  owner: O;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/**
 * A room's awareness (presence, carets) without decoding the states themselves. Each client id
 * belongs to the connection that first announced it: another connection cannot speak for it, and
 * when its owner leaves, its states are removed for everyone.
 */
export class AwarenessRegistry<O> {
  private readonly entries = new Map<number, Entry<O>>();

  /**
   * Applies an awareness update from `owner`. Returns the entries accepted, and whether the update
   * was accepted whole (so the bytes that arrived can be relayed unchanged). Throws on bad bytes.
   */
  apply(owner: O, update: Uint8Array): { accepted: AwarenessEntry[]; whole: boolean } {
    const d = decoding.createDecoder(update);
    const count = decoding.readVarUint(d);
    const accepted: AwarenessEntry[] = [];
    const parsed: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      parsed.push({ clientId: decoding.readVarUint(d), clock: decoding.readVarUint(d), state: decoding.readVarString(d) });
    }
    if (decoding.hasContent(d)) throw new Error('trailing bytes after awareness update');
    for (const next of parsed) {
      const current = this.entries.get(next.clientId);
      if (current && current.owner !== owner) continue;
      const newer = !current || current.clock < next.clock || (current.clock === next.clock && next.state === 'null' && current.state !== 'null');
      if (!newer) continue;
      this.entries.set(next.clientId, { clock: next.clock, state: next.state, owner });
      accepted.push(next);
    }
    return { accepted, whole: accepted.length === parsed.length };
  }

  /** Removes every client id `owner` announced; returns their removal entries for the others. */
  removeOwner(owner: O): AwarenessEntry[] {
    const removed: AwarenessEntry[] = [];
    for (const [clientId, entry] of this.entries) {
      if (entry.owner !== owner) continue;
      this.entries.delete(clientId);
      if (entry.state !== 'null') removed.push({ clientId, clock: entry.clock + 1, state: 'null' });
    }
    return removed;
  }

  /** The live states, for a connection that just joined or asked. */
  current(): AwarenessEntry[] {
    const live: AwarenessEntry[] = [];
    for (const [clientId, e] of this.entries) if (e.state !== 'null') live.push({ clientId, clock: e.clock, state: e.state });
    return live;
  }

  get size(): number {
    return this.entries.size;
  }
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.state);
  }
  return encoding.toUint8Array(e);
}
