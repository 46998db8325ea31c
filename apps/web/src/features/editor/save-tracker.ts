import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { ReceiptStatus, SyncMessageType, SyncStep } from '@kinship/domain';

/**
 * What the person is told about their edits, and only what is true:
 * - saved:      the server confirmed it stored everything this device sent (a save receipt);
 * - saving:     connected, but something sent is not confirmed yet;
 * - offline:    not connected; edits stay on this device (IndexedDB) and are sent on reconnect;
 * - connecting: the very first connection attempt, before anything is known;
 * - refused:    the server did not accept edits from this device (the document became read-only
 *               for this person, e.g. it was archived): they are not saved.
 */
export type SaveState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused';

/** How long after the last local change to ask for a receipt. */
const RECEIPT_DEBOUNCE_MS = 200;
/** Ask again when no receipt came back within this time (the request may have been lost). */
const RECEIPT_RETRY_MS = 5000;

export interface SaveTrackerOptions {
  provider: WebsocketProvider;
  doc: Y.Doc;
  /** True for changes made on this device (not from the server or the on-device copy). */
  isLocalOrigin: (origin: unknown) => boolean;
  /** Survives reloads: "this device has edits the server has not confirmed". */
  unsavedMarker: { get(): boolean; set(unsaved: boolean): void };
  /** The server answered a receipt with "refused": the document no longer takes this person's edits. */
  onEditsRefused?: () => void;
}

/**
 * Counts what this device sends and matches it against save receipts. Every local change raises
 * `sent`; a receipt request [100][n] asks the server to answer [100][n] once everything it
 * received before the request is stored, so `confirmed >= sent` means all changes are saved.
 * Answering the server's sync step 1 after a reconnect also counts as sending: that answer carries
 * whatever was edited while offline.
 */
export class SaveTracker {
  private sent: number;
  private confirmed = 0;
  /** The highest n asked for on the current connection. */
  private requested = 0;
  private everConnected = false;
  /** The server refused edits from this session: nothing it sends now can be called saved. */
  private refused = false;
  private attemptFailed = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  private current: SaveState = 'connecting';
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: SaveTrackerOptions) {
    const { provider, doc } = options;
    // An unconfirmed edit from an earlier visit (say, made offline before a reload) still counts.
    this.sent = options.unsavedMarker.get() ? 1 : 0;

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (!options.isLocalOrigin(origin)) return;
      this.sent += 1;
      options.unsavedMarker.set(true);
      this.scheduleRequest();
      this.refresh();
    };
    doc.on('update', onUpdate);
    this.cleanups.push(() => doc.off('update', onUpdate));

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') this.everConnected = true;
      if (status !== 'connected') this.requested = 0;
      this.refresh();
    };
    const onClose = () => {
      this.attemptFailed = true;
      this.requested = 0;
      this.refresh();
    };
    const onSync = (synced: boolean) => {
      if (synced) this.scheduleRequest();
      this.refresh();
    };
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('connection-error', onClose);
    provider.on('sync', onSync);
    this.cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('connection-error', onClose);
      provider.off('sync', onSync);
    });

    // Answering the server's sync step 1 sends our missing updates: count it as a send.
    const syncHandler = provider.messageHandlers[SyncMessageType.sync]!;
    provider.messageHandlers[SyncMessageType.sync] = (encoder, decoder, p, emitSynced, type) => {
      const isStep1 = peekSyncStep(decoder) === SyncStep.step1;
      syncHandler(encoder, decoder, p, emitSynced, type);
      if (isStep1 && encoding.length(encoder) > 1) {
        this.sent += 1;
        this.scheduleRequest();
        this.refresh();
      }
    };
    provider.messageHandlers[SyncMessageType.receipt] = (_encoder, decoder) => {
      // Leave the encoder empty: nothing is sent back.
      const n = decoding.readVarUint(decoder);
      const status = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : ReceiptStatus.stored;
      if (status === ReceiptStatus.refused) {
        const first = !this.refused;
        this.refused = true;
        this.refresh();
        if (first) options.onEditsRefused?.();
        return;
      }
      if (n > this.confirmed) this.confirmed = n;
      if (this.confirmed >= this.sent) {
        clearTimeout(this.retry);
        options.unsavedMarker.set(false);
      }
      this.refresh();
    };

    const onNetwork = () => this.refresh();
    window.addEventListener('online', onNetwork);
    window.addEventListener('offline', onNetwork);
    this.cleanups.push(() => {
      window.removeEventListener('online', onNetwork);
      window.removeEventListener('offline', onNetwork);
    });
    this.refresh();
  }

  get state(): SaveState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SaveState => this.current;

  destroy() {
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.cleanups.forEach((cleanup) => cleanup());
    this.listeners.clear();
  }

  private compute(): SaveState {
    const { provider } = this.options;
    if (!provider.wsconnected || (typeof navigator !== 'undefined' && navigator.onLine === false)) {
      return this.everConnected || this.attemptFailed ? 'offline' : 'connecting';
    }
    if (this.refused) return 'refused';
    if (!provider.synced || this.confirmed < this.sent) return 'saving';
    return 'saved';
  }

  private refresh() {
    const next = this.compute();
    if (next !== this.current) {
      this.current = next;
      this.listeners.forEach((listener) => listener());
    }
  }

  private scheduleRequest() {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.requestReceipt(), RECEIPT_DEBOUNCE_MS);
  }

  private requestReceipt(force = false) {
    const { provider } = this.options;
    const n = this.sent;
    if (this.confirmed >= n) return;
    if (!force && n <= this.requested) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, SyncMessageType.receipt);
    encoding.writeVarUint(encoder, n);
    ws.send(encoding.toUint8Array(encoder));
    this.requested = n;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.requestReceipt(true), RECEIPT_RETRY_MS);
  }
}

/** Reads the sync sub-type without moving the decoder. */
function peekSyncStep(decoder: decoding.Decoder): number | null {
  try {
    return decoding.peekVarUint(decoder);
  } catch {
    return null;
  }
}
