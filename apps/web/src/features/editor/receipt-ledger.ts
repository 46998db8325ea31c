import { decodeReceipt, encodeReceiptRequest, ReceiptStatus } from '@kinship/domain/wire';

/**
 * What the person is told about their edits, and only what is true:
 * - saved:      the server confirmed it stored everything this device sent (a save receipt);
 * - saving:     connected, but something sent is not confirmed yet;
 * - offline:    not connected; edits stay on this device (IndexedDB) and are sent on reconnect;
 * - connecting: the very first connection attempt, before anything is known;
 * - refused:    the server did not accept edits this person made (the document became read-only
 *               for them, e.g. it was archived): they are not saved.
 * A person who made no edit is never "refused", whatever the server thinks of the connection.
 */
export type SaveState = 'connecting' | 'saving' | 'saved' | 'offline' | 'refused';

/** What a frame from the server said about this person's edits. */
export type ReceiptOutcome = 'stored' | 'refused' | 'ignored';

/** The connection, as far as the save state depends on it. */
export interface LinkState {
  /** The socket is open. */
  connected: boolean;
  /** The first sync exchange on this socket is done. */
  synced: boolean;
  /** The browser believes it has a network. */
  online: boolean;
  /** A socket was open once, or an attempt failed: no longer the very first try. */
  triedBefore: boolean;
}

/**
 * The books of "is it saved": every edit sent raises `sent`; a receipt request `[100][n]` asks
 * the server to answer once everything before it is settled; `[100][n][0]` raises `confirmed`
 * to n, `[100][n][1]` marks edits up to n refused. Pure: no DOM, no provider, no timers. The
 * adapter (save-tracker.ts) feeds it and sends what it asks to send.
 */
export class ReceiptLedger {
  private sentCount: number;
  private requestedCount = 0;
  private confirmedCount = 0;
  private refusedUpTo = 0;

  /** `unconfirmedFromEarlier`: this device kept edits from an earlier visit that no receipt confirmed. */
  constructor({ unconfirmedFromEarlier = false }: { unconfirmedFromEarlier?: boolean } = {}) {
    this.sentCount = unconfirmedFromEarlier ? 1 : 0;
  }

  /** Edits made here, sent or waiting to be sent. */
  get sent(): number {
    return this.sentCount;
  }

  /** The highest n asked for on the current connection. */
  get requested(): number {
    return this.requestedCount;
  }

  /** The highest n the server said it stored. */
  get confirmed(): number {
    return this.confirmedCount;
  }

  /** The highest n the server said it refused (0: nothing refused). */
  get refused(): number {
    return this.refusedUpTo;
  }

  /** Edits exist that the server has not confirmed: they live only on this device. */
  get unconfirmed(): boolean {
    return this.confirmedCount < this.sentCount;
  }

  /** A change made on this device went out, or goes out on the next connection. */
  recordEdit(): void {
    this.sentCount += 1;
  }

  /** A new connection (or none): receipts asked on the old one never come back. */
  connectionReset(): void {
    this.requestedCount = 0;
  }

  /**
   * The receipt request to send now, or null when there is nothing to ask: everything is
   * confirmed, or (unless `again`, after an answer was lost) this much was asked already.
   */
  nextRequest({ again = false }: { again?: boolean } = {}): Uint8Array | null {
    if (this.refusedUpTo > 0) return null;
    const n = this.sentCount;
    if (this.confirmedCount >= n) return null;
    if (!again && n <= this.requestedCount) return null;
    this.requestedCount = n;
    return encodeReceiptRequest(n);
  }

  /** A receipt frame from the server (any other frame is ignored). */
  receive(frame: Uint8Array): ReceiptOutcome {
    const receipt = decodeReceipt(frame);
    if (!receipt) return 'ignored';
    if (receipt.status === ReceiptStatus.refused) {
      // Nothing of ours is waiting behind this answer: a late word about edits already stored.
      if (receipt.n <= this.confirmedCount) return 'ignored';
      this.refusedUpTo = Math.max(this.refusedUpTo, receipt.n);
      return 'refused';
    }
    if (receipt.n > this.confirmedCount) this.confirmedCount = Math.min(receipt.n, this.sentCount);
    return 'stored';
  }

  /**
   * The server's permission-denied frame (`[2][0][reason]`): it refused something this connection
   * sent. That is a refusal of this person's edits only if some are waiting for a receipt; a
   * reader who typed nothing has nothing refused.
   */
  denied(): ReceiptOutcome {
    if (!this.unconfirmed) return 'ignored';
    this.refusedUpTo = this.sentCount;
    return 'refused';
  }

  /** The save state to show for these books over this connection. */
  state(link: LinkState): SaveState {
    if (!link.connected || !link.online) return link.triedBefore ? 'offline' : 'connecting';
    if (this.refusedUpTo > 0) return 'refused';
    if (!link.synced || this.unconfirmed) return 'saving';
    return 'saved';
  }
}
