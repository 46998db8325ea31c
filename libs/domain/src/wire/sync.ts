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
  /** A frame over the configured size cap (the ws library's own code). */
  tooLarge: 1009,
  /** The document could not be loaded or stored; the client may retry. */
  unavailable: 4500,
  /** The server is going down; the client may retry. */
  goingAway: 1001,
} as const;
export type SyncCloseCode = (typeof SyncCloseCode)[keyof typeof SyncCloseCode];

/** The path the sync server answers on: `${SYNC_PATH}/<documentId>`. */
export const SYNC_PATH = '/sync';
