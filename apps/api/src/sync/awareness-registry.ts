import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { colorFromId } from '@kinship/domain/rules';
import { PRESENCE_IDENTITY_FIELD, type PresenceIdentity } from '@kinship/domain/wire';
import type { Peer } from './ports';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text; "null" once removed. */
  state: string;
}

interface Entry<O> extends AwarenessEntry {
  owner: O;
}

/** A presence update the server will not relay: bad bytes or not an object (`malformed`), or too big. */
export class AwarenessRefused extends Error {
  constructor(
    readonly kind: 'malformed' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/** The identity a presence state carries, always taken from the session, never from the client. */
function identityOf(peer: Peer): PresenceIdentity {
  return { accountId: peer.accountId, name: peer.name, role: peer.role, color: colorFromId(peer.accountId) };
}

/**
 * A room's awareness (presence, carets). The server reads every state: it must be a JSON object
 * no larger than the limit, and its identity field is overwritten from the owner's session, so
 * nobody can appear as someone else. Each connection speaks for one client id, the first it
 * announces; another connection cannot speak for it (except a newer connection of the same
 * account, which takes its own id over after a reconnect). When the owner leaves, its state is
 * removed for everyone.
 */
export class AwarenessRegistry<O extends { readonly peer: Peer }> {
  private readonly entries = new Map<number, Entry<O>>();
  /** The one client id each connection speaks for. */
  private readonly claims = new Map<O, number>();

  constructor(private readonly maxStateBytes: number) {}

  /**
   * Applies an awareness update from `owner` and returns the entries accepted, with their states
   * as everyone else will see them. Throws AwarenessRefused on bytes or states it will not take.
   */
  apply(owner: O, update: Uint8Array): AwarenessEntry[] {
    const parsed = decodeAwarenessUpdate(update);
    const accepted: AwarenessEntry[] = [];
    for (const next of parsed) {
      const claimed = this.claims.get(owner);
      if (claimed !== undefined && claimed !== next.clientId) continue;
      const current = this.entries.get(next.clientId);
      if (current && current.owner !== owner && current.owner.peer.accountId !== owner.peer.accountId) continue;
      const takeover = current !== undefined && current.owner !== owner;
      const newer =
        !current ||
        current.clock < next.clock ||
        (takeover && current.clock === next.clock) ||
        (current.clock === next.clock && next.state === 'null' && current.state !== 'null');
      if (!newer) continue;
      const state = next.state === 'null' ? 'null' : this.stamped(next.state, owner.peer);
      if (takeover) this.claims.delete(current.owner);
      this.claims.set(owner, next.clientId);
      this.entries.set(next.clientId, { clientId: next.clientId, clock: next.clock, state, owner });
      accepted.push({ clientId: next.clientId, clock: next.clock, state });
    }
    return accepted;
  }

  /** The state with its identity field set from the session. */
  private stamped(state: string, peer: Peer): string {
    if (Buffer.byteLength(state) > this.maxStateBytes) {
      throw new AwarenessRefused('too-large', `a presence state may hold at most ${this.maxStateBytes} bytes`);
    }
    let value: unknown;
    try {
      value = JSON.parse(state);
    } catch {
      throw new AwarenessRefused('malformed', 'a presence state must be JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AwarenessRefused('malformed', 'a presence state must be an object');
    }
    return JSON.stringify({ ...value, [PRESENCE_IDENTITY_FIELD]: identityOf(peer) });
  }

  /** Removes the client id `owner` speaks for; returns its removal entry for the others. */
  removeOwner(owner: O): AwarenessEntry[] {
    const clientId = this.claims.get(owner);
    this.claims.delete(owner);
    if (clientId === undefined) return [];
    const entry = this.entries.get(clientId);
    if (!entry || entry.owner !== owner) return [];
    this.entries.delete(clientId);
    return entry.state === 'null' ? [] : [{ clientId, clock: entry.clock + 1, state: 'null' }];
  }

  /** The live states, for a connection that just joined or asked. */
  current(): AwarenessEntry[] {
    const live: AwarenessEntry[] = [];
    for (const { clientId, clock, state } of this.entries.values()) if (state !== 'null') live.push({ clientId, clock, state });
    return live;
  }
}

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const d = decoding.createDecoder(update);
    const count = decoding.readVarUint(d);
    // Each entry takes at least three bytes: refuse a count the update could not hold.
    if (count * 3 > update.length) throw new Error('entry count exceeds the update');
    const parsed: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      parsed.push({ clientId: decoding.readVarUint(d), clock: decoding.readVarUint(d), state: decoding.readVarString(d) });
    }
    if (decoding.hasContent(d)) throw new Error('trailing bytes');
    return parsed;
  } catch (error) {
    throw new AwarenessRefused('malformed', `malformed presence update: ${error instanceof Error ? error.message : String(error)}`);
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
