/**
 * The sync wire: the y-websocket message types the stock client speaks, our one extra message,
 * and the close codes the server uses. Codes 4400–4499 are final (the stock client stops
 * reconnecting); other codes let it try again.
 */
export const SyncMessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Save receipt. A client that wants to know its edits are stored sends [100][n] after them; the
   * server answers [100][n][status] once every update it received from that connection before the
   * request is settled: status `stored` when all of them are in PostgreSQL, `refused` when this
   * connection sent edits the document did not accept (it is read-only for this person now).
   * The server never sends it unasked, so stock clients never see it.
   */
  receipt: 100,
} as const;

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

export const ReceiptStatus = { stored: 0, refused: 1 } as const;
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

export const SyncCloseCode = {
  /** A frame that could not be decoded. */
  malformed: 4400,
  /** No valid session cookie. */
  unauthenticated: 4401,
  /** A member whose role may not open this document, or a stranger. */
  forbidden: 4403,
  /** No such document (or the URL names none). */
  notFound: 4404,
  /**
   * An update over the configured limits (items, client ids) or with content the server does not
   * accept (sub-documents). Final: sending it again would be refused again.
   */
  updateRefused: 4413,
  /** A frame over the configured size cap (the ws library's own code). */
  tooLarge: 1009,
  /** The document could not be loaded or stored; the client may retry. */
  unavailable: 4500,
  /**
   * The client sent an edit built on edits the server does not have: it reconnects, and the sync
   * handshake then sends everything that was missing.
   */
  outOfStep: 4501,
  /** The server is going down; the client may retry. */
  goingAway: 1001,
} as const;
export type SyncCloseCode = (typeof SyncCloseCode)[keyof typeof SyncCloseCode];

/** The path the sync server answers on: `${SYNC_PATH}/<documentId>`. */
export const SYNC_PATH = '/sync';

/**
 * The save-receipt frames, written here once for the web client and the server's tests. They use
 * the y-websocket varuint encoding (7 bits a byte, high bit set on every byte but the last) so the
 * shared library needs no encoder of its own.
 */
function writeVarUint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('not a non-negative integer');
  while (value > 0x7f) {
    out.push(0x80 | (value % 0x80));
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

function readVarUint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 8; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: i + 1 };
    scale *= 0x80;
  }
  throw new RangeError('truncated varuint');
}

/** `[100][n]`: "tell me when everything I sent before this is settled". */
export function encodeReceiptRequest(n: number): Uint8Array {
  const out: number[] = [];
  writeVarUint(out, SyncMessageType.receipt);
  writeVarUint(out, n);
  return Uint8Array.from(out);
}

/** `[100][n][status]`: the server's answer. */
export function encodeReceipt(n: number, status: ReceiptStatus): Uint8Array {
  const out: number[] = [];
  writeVarUint(out, SyncMessageType.receipt);
  writeVarUint(out, n);
  writeVarUint(out, status);
  return Uint8Array.from(out);
}

/** Reads a receipt frame (`[100][n][status]`); null for any other frame. */
export function decodeReceipt(frame: Uint8Array): { n: number; status: ReceiptStatus } | null {
  try {
    const type = readVarUint(frame, 0);
    if (type.value !== SyncMessageType.receipt) return null;
    const n = readVarUint(frame, type.next);
    const status = n.next < frame.length ? readVarUint(frame, n.next).value : ReceiptStatus.stored;
    return status === ReceiptStatus.stored || status === ReceiptStatus.refused ? { n: n.value, status } : null;
  } catch {
    return null;
  }
}

/** What a storage quota bounds: one document's kept edits, or all of a workspace's. */
export type StorageLimitScope = 'document' | 'workspace';

const megabytes = (bytes: number) => `${Math.max(1, Math.round(bytes / (1024 * 1024)))} MB`;

/**
 * The words sent with a refused edit when a storage quota is reached (the server's
 * permission-denied frame), which the editor shows as they are. Every stored edit is kept for
 * history, so what is full is the document's (or workspace's) kept writing, not its text.
 */
export function storageLimitReason(scope: StorageLimitScope, limitBytes: number): string {
  return scope === 'document'
    ? `This document has reached its storage limit (${megabytes(limitBytes)}, every edit and its history included): your last change was not saved. Everything saved before is kept; start a new document to go on writing.`
    : `This workspace has reached its storage limit (${megabytes(limitBytes)}): your last change was not saved. Everything saved before is kept; ask your counselor about making room.`;
}

/** True for the words of `storageLimitReason`. */
export function isStorageLimitReason(reason: string): boolean {
  return reason.startsWith('This document has reached its storage limit') || reason.startsWith('This workspace has reached its storage limit');
}
