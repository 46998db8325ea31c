import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SYNC_PATH, SyncMessageType, type PresenceIdentity } from '@kinship/domain/wire';
import { documentCopyName, unsavedMarker } from '../../shared/device-storage';
import { SaveTracker } from './save-tracker';

export interface DocumentConnectionOptions {
  documentId: string;
  user: PresenceIdentity;
  /**
   * The server closed the connection for good (a 44xx close code): the login ended (4401), or
   * the document is no longer this account's to open (4403, 4404). The provider stops retrying.
   */
  onRefused?: (code: number) => void;
  /** The server stopped taking this person's edits (the document was archived, a storage limit reached), with its words if it sent any. */
  onEditsRefused?: (reason: string | null) => void;
}

/** ws(s)://<this host>: the sync server lives next to the API, behind the same origin. */
export function syncBaseUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${SYNC_PATH}`;
}

/**
 * One open document: the Y.Doc, its copy on this device, the connection to the sync server, and
 * the save tracker. Open it only after the REST API confirmed the caller may read the document.
 */
export class DocumentConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly localCopy: IndexeddbPersistence;
  readonly saves: SaveTracker;
  private destroyed = false;
  private closed: Promise<void> = Promise.resolve();
  private readonly connectTimer: ReturnType<typeof setTimeout>;
  private readonly beforeServerChanges = new Set<() => void>();

  constructor({ documentId, user, onRefused, onEditsRefused }: DocumentConnectionOptions) {
    this.localCopy = new IndexeddbPersistence(documentCopyName(user.accountId, documentId), this.doc);
    this.provider = new WebsocketProvider(syncBaseUrl(), documentId, this.doc, {
      connect: false,
      // Other tabs of this browser go through the server like everyone else: one path, one truth.
      disableBc: true,
    });
    if (onRefused) this.provider.on('closed', ({ code }) => onRefused(code));
    this.provider.awareness.setLocalStateField('user', user);
    this.provider.awareness.setLocalStateField('typing', false);
    this.saves = new SaveTracker({
      provider: this.provider,
      doc: this.doc,
      isLocalOrigin: (origin) => origin !== this.provider && origin !== this.localCopy,
      unsavedMarker: unsavedMarker(user.accountId, documentId),
      onEditsRefused,
    });
    const applySync = this.provider.messageHandlers[SyncMessageType.sync]!;
    this.provider.messageHandlers[SyncMessageType.sync] = (...message) => {
      for (const step of this.beforeServerChanges) step();
      applySync(...message);
    };
    // Load the device copy first, so the first sync sends what was edited offline in one go.
    // If IndexedDB is unavailable or slow, connect anyway after a short wait.
    const connect = () => {
      clearTimeout(this.connectTimer);
      if (!this.destroyed && !this.provider.shouldConnect) this.provider.connect();
    };
    this.connectTimer = setTimeout(connect, 1500);
    this.localCopy.whenSynced.then(connect, connect);
  }

  /**
   * Runs `step` before each sync message from the server is applied (the editor takes the
   * browser's caret in first: see adoptDomSelection). Returns the way to stop.
   */
  beforeServerChange(step: () => void): () => void {
    this.beforeServerChanges.add(step);
    return () => this.beforeServerChanges.delete(step);
  }

  /** Closes everything; settles once the device copy's database is closed (so it can be deleted). */
  destroy(): Promise<void> {
    if (this.destroyed) return this.closed;
    this.destroyed = true;
    clearTimeout(this.connectTimer);
    this.saves.destroy();
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.closed = this.localCopy.destroy().then(
      () => undefined,
      () => undefined,
    );
    this.doc.destroy();
    return this.closed;
  }
}
