/**
 * Raw wire-protocol frames for the load generator: no Yjs client per simulated person. Each typing
 * update is encoded by hand (one string item appended after the client's own previous one), so the
 * stamp it carries — sender number and send time — is written straight into the bytes. `check()`
 * proves the hand encoding equals what Yjs itself produces.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MARK = '@@';
/** `@@` + 6-digit sender number + 13-digit send time in tenths of a millisecond. */
export const STAMP_CHARS = MARK.length + 6 + 13;
export const TEXT = 't';

export const MessageType = { sync: 0, awareness: 1, auth: 2, receipt: 100 } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** Tenths of a millisecond since this process started (monotonic). */
export const now10 = () => Math.round(performance.now() * 10);

export function stampText(sender: number, at = now10()): string {
  return MARK + String(sender).padStart(6, '0') + String(at).padStart(13, '0');
}

/** The k-th append (0-based) of a client whose every insert is `text.length` characters long. */
export function appendUpdate(client: number, k: number, text: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client's structs
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, k * text.length); // its clock
  if (k === 0) {
    encoding.writeUint8(e, 4); // ContentString, no origins: the parent follows
    encoding.writeVarUint(e, 1); // parent is a root type, named
    encoding.writeVarString(e, TEXT);
  } else {
    encoding.writeUint8(e, 0x84); // ContentString with a left origin
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, k * text.length - 1);
  }
  encoding.writeVarString(e, text);
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** The hand encoding against Yjs itself; throws if they differ. */
export function check(): void {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const texts = [0, 1, 2, 3].map((k) => stampText(7, 1000 + k));
  for (const t of texts) doc.getText(TEXT).insert(doc.getText(TEXT).length, t);
  texts.forEach((t, k) => {
    if (Buffer.compare(Buffer.from(appendUpdate(doc.clientID, k, t)), Buffer.from(updates[k])) !== 0) {
      throw new Error(`hand-encoded update ${k} differs from Yjs`);
    }
  });
  doc.destroy();
}

function frame(prefix: Uint8Array, write: (e: encoding.Encoder) => void): Buffer {
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, prefix);
  write(e);
  return Buffer.from(encoding.toUint8Array(e));
}

/** A document's address on the wire: nothing for y-websocket, the name for Hocuspocus. */
export function prefixFor(documentName: string | null): Uint8Array {
  if (documentName === null) return new Uint8Array(0);
  const e = encoding.createEncoder();
  encoding.writeVarString(e, documentName);
  return encoding.toUint8Array(e);
}

export const updateFrame = (prefix: Uint8Array, update: Uint8Array) =>
  frame(prefix, (e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });

export const step1Frame = (prefix: Uint8Array, stateVector: Uint8Array = new Uint8Array([0])) =>
  frame(prefix, (e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** Hocuspocus's first message for a document: `[name][auth][token][token string]`. */
export const hocuspocusAuthFrame = (prefix: Uint8Array, token = 'bench') =>
  frame(prefix, (e) => {
    encoding.writeVarUint(e, MessageType.auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
  });

export const receiptRequestFrame = (n: number) =>
  frame(new Uint8Array(0), (e) => {
    encoding.writeVarUint(e, MessageType.receipt);
    encoding.writeVarUint(e, n);
  });

/**
 * A presence update as an editor sends it: the person and a caret as y-prosemirror's relative
 * positions (about the size a real one has).
 */
export function awarenessFrame(prefix: Uint8Array, client: number, clock: number, name: string, caret: number): Buffer {
  const state = JSON.stringify({
    user: { name, color: '#30bced' },
    cursor: {
      anchor: { type: { client, clock: 0 }, tname: null, item: { client, clock: caret }, assoc: 0 },
      head: { type: { client, clock: 0 }, tname: null, item: { client, clock: caret }, assoc: 0 },
    },
  });
  const u = encoding.createEncoder();
  encoding.writeVarUint(u, 1);
  encoding.writeVarUint(u, client);
  encoding.writeVarUint(u, clock);
  encoding.writeVarString(u, state);
  const update = encoding.toUint8Array(u);
  return frame(prefix, (e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

export interface Incoming {
  type: number;
  /** The sync sub-type for sync messages (Hocuspocus's SyncReply = 4 is read as sync too). */
  step: number | null;
  /** The receipt number and status for our receipt frames. */
  receipt: { n: number; status: number } | null;
}

/** Reads the head of a frame; `prefixed` when a document name comes first (Hocuspocus). */
export function readHead(data: Uint8Array, prefixed: boolean): Incoming | null {
  try {
    const d = decoding.createDecoder(data);
    if (prefixed) decoding.readVarString(d);
    let type = decoding.readVarUint(d);
    if (prefixed && type === 4) type = MessageType.sync;
    if (type === MessageType.sync) return { type, step: decoding.readVarUint(d), receipt: null };
    if (type === MessageType.receipt) {
      const n = decoding.readVarUint(d);
      const status = decoding.hasContent(d) ? decoding.readVarUint(d) : 0;
      return { type, step: null, receipt: { n, status } };
    }
    return { type, step: null, receipt: null };
  } catch {
    return null;
  }
}

/** Every stamp in a frame: calls `found(sender, sentAt10)`. */
export function eachStamp(data: Buffer, found: (sender: number, sentAt: number) => void): void {
  let at = data.indexOf(MARK);
  while (at >= 0 && at + STAMP_CHARS <= data.length) {
    const sender = Number(data.toString('latin1', at + 2, at + 8));
    const sentAt = Number(data.toString('latin1', at + 8, at + STAMP_CHARS));
    if (Number.isFinite(sender) && Number.isFinite(sentAt)) found(sender, sentAt);
    at = data.indexOf(MARK, at + STAMP_CHARS);
  }
}
