import * as Y from 'yjs';
import type { SaveState } from '../editor/save-tracker';

/** The part of the editor's save tracker this needs: its state, and word when it changes. */
export interface SaveStateSource {
  readonly state: SaveState;
  subscribe(listener: () => void): () => void;
}

/** Why an acceptance was not sent: the person's own last changes are not stored (yet). */
export class NotStoredYet extends Error {}

/** How long Accept waits for this person's last changes to be stored before saying so. */
const STORE_WAIT_MS = 10_000;

/**
 * Settles once every edit made here is confirmed stored by the server (the save state reads
 * "saved"); refuses, in words for the person, when this device is offline, the server refused
 * the edits, or they are not stored within `timeoutMs`.
 */
export function ownEditsStored(saves: SaveStateSource, timeoutMs = STORE_WAIT_MS): Promise<void> {
  /** 'stored', the reason it cannot be, or null while it may still be. */
  const outcome = (state: SaveState): 'stored' | NotStoredYet | null => {
    if (state === 'saved') return 'stored';
    if (state === 'offline') return new NotStoredYet('You are offline, so your last changes are not stored yet. Accept once you are back online.');
    if (state === 'refused') return new NotStoredYet('Your last change to the proposal was not kept, so there is nothing new to accept yet. Read it again, then accept.');
    return null;
  };
  return new Promise((resolve, reject) => {
    const now = outcome(saves.state);
    if (now) return now === 'stored' ? resolve() : reject(now);
    const settle = (result: 'stored' | NotStoredYet) => {
      clearTimeout(timer);
      unsubscribe();
      if (result === 'stored') resolve();
      else reject(result);
    };
    const unsubscribe = saves.subscribe(() => {
      const next = outcome(saves.state);
      if (next) settle(next);
    });
    const timer = setTimeout(() => settle(new NotStoredYet('Your last changes are still being saved. Accept again in a moment.')), timeoutMs);
  });
}

/**
 * The state of a document as this screen holds it, hashed as the server hashes a proposal's
 * stored state (SHA-256 of its Yjs snapshot: state vector and delete set; see the API's
 * agreement-content.ts `stateHash`). Null when this browser offers no SubtleCrypto (not a secure
 * context).
 */
export async function stateHashOf(doc: Y.Doc): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', new Uint8Array(Y.encodeSnapshot(Y.snapshot(doc))));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * What Accept sends: once this person's own edits on the proposal are stored, the hash of what is
 * on screen (which is then exactly what the server holds, unless someone else changed it since,
 * which the server then refuses to take as accepted). Null when it cannot be hashed here.
 */
export async function stateToAccept(doc: Y.Doc, saves: SaveStateSource): Promise<string | null> {
  await ownEditsStored(saves);
  return stateHashOf(doc);
}
