import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SyncMessageType, SyncStep } from '@kinship/domain/wire';
import { ReceiptLedger, type SaveState } from './receipt-ledger';

export type { SaveState } from './receipt-ledger';

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
  /** The server refused edits this person made: the document no longer takes them. */
  /** `reason`: the server's words when it sent any (a storage limit reached, say). */
  onEditsRefused?: (reason: string | null) => void;
}

/**
 * The thin adapter between the y-websocket provider and the receipt ledger: it tells the ledger
 * about local edits, connections and the server's receipts, sends the requests the ledger asks
 * for (debounced, and again when an answer is lost), keeps the device's unsaved marker in step,
 * and publishes the save state for the page.
 */
export class SaveTracker {
  private readonly ledger: ReceiptLedger;
  private triedBefore = false;
  private refusalReported = false;
  /** The words of the last permission-denied frame, told with a refusal. */
  private deniedReason: string | null = null;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  private current: SaveState = 'connecting';
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly options: SaveTrackerOptions) {
    const { provider, doc } = options;
    this.ledger = new ReceiptLedger({ unconfirmedFromEarlier: options.unsavedMarker.get() });

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (!options.isLocalOrigin(origin)) return;
      this.ledger.recordEdit();
      options.unsavedMarker.set(true);
      this.scheduleRequest();
      this.refresh();
    };
    doc.on('update', onUpdate);
    this.cleanups.push(() => doc.off('update', onUpdate));

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected') this.triedBefore = true;
      if (status !== 'connected') this.ledger.connectionReset();
      this.refresh();
    };
    const onClose = () => {
      this.triedBefore = true;
      this.ledger.connectionReset();
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

    // Answering the server's sync step 1 sends what the server lacks. When this device holds
    // content the server has not seen (written here before a reload, say), that answer is an
    // edit to be confirmed; an answer with nothing new is not, so a reader never waits on it.
    const syncHandler = provider.messageHandlers[SyncMessageType.sync]!;
    provider.messageHandlers[SyncMessageType.sync] = (encoder, decoder, p, emitSynced, type) => {
      const serverState = peekStep1StateVector(decoder);
      syncHandler(encoder, decoder, p, emitSynced, type);
      if (serverState && holdsMoreThan(doc, serverState)) {
        this.ledger.recordEdit();
        this.scheduleRequest();
        this.refresh();
      }
    };
    // The server's permission-denied frame ([2][0][reason]): it refused something this connection
    // sent. Only edits waiting for a receipt make that a refusal of this person's work.
    provider.messageHandlers[SyncMessageType.auth] = (_encoder, decoder) => {
      if (peekVarUint(decoder) !== PERMISSION_DENIED) return;
      this.deniedReason = readDeniedReason(decoder);
      if (this.ledger.denied() === 'refused') {
        this.refresh();
        this.reportRefusal();
      }
    };
    provider.messageHandlers[SyncMessageType.receipt] = (_encoder, decoder) => {
      // The whole frame goes to the ledger; the encoder stays empty, so nothing is sent back.
      const outcome = this.ledger.receive(decoder.arr);
      if (outcome === 'refused') {
        this.refresh();
        this.reportRefusal();
        return;
      }
      if (outcome === 'stored' && !this.ledger.unconfirmed) {
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

  private refresh() {
    const { provider } = this.options;
    const next = this.ledger.state({
      connected: provider.wsconnected,
      synced: provider.synced,
      online: typeof navigator === 'undefined' || navigator.onLine !== false,
      triedBefore: this.triedBefore,
    });
    if (next !== this.current) {
      this.current = next;
      this.listeners.forEach((listener) => listener());
    }
  }

  /** Said once: the page takes the refused edits back, and later answers repeat the same news. */
  private reportRefusal() {
    if (this.refusalReported) return;
    this.refusalReported = true;
    this.options.onEditsRefused?.(this.deniedReason);
  }

  private scheduleRequest() {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.requestReceipt(), RECEIPT_DEBOUNCE_MS);
  }

  private requestReceipt(again = false) {
    const { provider } = this.options;
    const ws = provider.ws;
    if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return;
    const frame = this.ledger.nextRequest({ again });
    if (!frame) return;
    ws.send(frame);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.requestReceipt(true), RECEIPT_RETRY_MS);
  }
}

/** The y-protocols auth message kind for "permission denied". */
const PERMISSION_DENIED = 0;

/** Reads a varuint without moving the decoder. */
/** The words of a permission-denied frame (`[0][reason]` after the message type), or null. */
function readDeniedReason(decoder: decoding.Decoder): string | null {
  try {
    decoding.readVarUint(decoder);
    return decoding.readVarString(decoder);
  } catch {
    return null;
  }
}

function peekVarUint(decoder: decoding.Decoder): number | null {
  try {
    return decoding.peekVarUint(decoder);
  } catch {
    return null;
  }
}

/** The server's state vector when this frame is its sync step 1; null otherwise. Does not move the decoder. */
function peekStep1StateVector(decoder: decoding.Decoder): Map<number, number> | null {
  try {
    const copy = decoding.clone(decoder);
    if (decoding.readVarUint(copy) !== SyncStep.step1) return null;
    return Y.decodeStateVector(decoding.readVarUint8Array(copy));
  } catch {
    return null;
  }
}

/** True when the document holds content (from any client) beyond what that state vector covers. */
export function holdsMoreThan(doc: Y.Doc, state: Map<number, number>): boolean {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (clock > (state.get(client) ?? 0)) return true;
  }
  return false;
}
