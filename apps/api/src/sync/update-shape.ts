import * as decoding from 'lib0/decoding';

/**
 * What an incoming Yjs update (v1 encoding) contains, read in one pass over its bytes before it
 * touches a room's document. Yjs itself integrates an update's structs before it reads the delete
 * set, and builds every struct (a whole Y.Doc for each sub-document) as it reads, so a truncated or
 * hostile update can change the room's document, or cost megabytes, before anything could refuse
 * it. This pass allocates nothing per struct: it counts, and it notes what the update depends on.
 */

/**
 * Limits on what one update brings that the document does not hold yet; see SYNC_MAX_UPDATE_ITEMS
 * and SYNC_MAX_UPDATE_CLIENTS. History the server already holds is never counted: a device that
 * comes back answers sync step 1 with the document's whole delete set, which names every editing
 * session that ever deleted something (hundreds, in a document that has lived for months).
 */
export interface UpdateLimits {
  /** New structs (items, garbage-collected ranges, skips) in one update. */
  maxItems: number;
  /** Client ids whose new structs one update carries. */
  maxClients: number;
}

/**
 * Why an update was refused: `malformed` bytes, an update `too-large` for the limits, or content
 * we do not accept (`unsupported`: sub-documents).
 */
export class UpdateRefused extends Error {
  constructor(
    readonly kind: 'malformed' | 'too-large' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

export interface UpdateShape {
  /** Per client: the first clock, the clock after the last struct the update carries, and how many structs. */
  readonly ranges: Map<number, { from: number; to: number; structs: number }>;
  /** Per client: the highest clock the update's structs refer to (origins, parents). */
  readonly references: Map<number, number>;
  /** The delete set, flat: client, clock, length, client, clock, length… (one number each, no array per range). */
  readonly deletes: number[];
  readonly structs: number;
}

// Content kinds of the Yjs v1 encoding (the low five bits of a struct's info byte).
const GC = 0;
const DELETED = 1;
const JSON_CONTENT = 2;
const BINARY = 3;
const STRING = 4;
const EMBED = 5;
const FORMAT = 6;
const TYPE = 7;
const ANY = 8;
const SUBDOC = 9;
const SKIP = 10;
/** Shared types whose content names a key (XML element and hook). */
const KEYED_TYPES = new Set([3, 5]);
const LAST_TYPE_REF = 6;
/** A root type's name: the editor uses short ones; a long one only costs memory forever. */
const MAX_ROOT_NAME = 100;

const malformed = (why: string) => new UpdateRefused('malformed', `malformed update: ${why}`);

/** Reads a count and checks that the bytes left could hold that many entries of `minBytes` each. */
function readCount(d: decoding.Decoder, minBytes: number, what: string): number {
  const n = decoding.readVarUint(d);
  if (n * minBytes > d.arr.length - d.pos) throw malformed(`${what} count exceeds the update`);
  return n;
}

function readJson(d: decoding.Decoder): void {
  const text = decoding.readVarString(d);
  if (text !== 'undefined') JSON.parse(text);
}

/** Reads an ID's client and clock, noting the clock as a dependency of the update. */
function readReference(d: decoding.Decoder, references: Map<number, number>): void {
  const client = decoding.readVarUint(d);
  const clock = decoding.readVarUint(d);
  if ((references.get(client) ?? -1) < clock) references.set(client, clock);
}

/**
 * Reads a whole update and returns its shape; throws UpdateRefused for bytes Yjs could not apply
 * in full and for sub-documents (we use none). It judges form only: what the update may bring is
 * judged against the document it would change (`refuseOverLimits`), and what the store holds is
 * never judged by a connection's limits. The pass costs time in proportion to the bytes (which
 * the frame size caps) and memory in proportion to the clients and deleted ranges it names.
 */
export function readUpdateShape(update: Uint8Array): UpdateShape {
  const d = decoding.createDecoder(update);
  const ranges = new Map<number, { from: number; to: number; structs: number }>();
  const references = new Map<number, number>();
  const deletes: number[] = [];
  let structs = 0;
  try {
    const groups = readCount(d, 3, 'client');
    for (let g = 0; g < groups; g++) {
      const count = readCount(d, 2, 'struct');
      const client = decoding.readVarUint(d);
      if (ranges.has(client)) throw malformed('a client appears twice');
      const from = decoding.readVarUint(d);
      let clock = from;
      structs += count;
      for (let i = 0; i < count; i++) {
        const info = decoding.readUint8(d);
        const ref = info & 0b11111;
        let length: number;
        if (ref === GC || ref === SKIP) {
          length = decoding.readVarUint(d);
        } else {
          const hasOrigin = (info & 0b1000_0000) !== 0;
          const hasRightOrigin = (info & 0b0100_0000) !== 0;
          if (hasOrigin) readReference(d, references);
          if (hasRightOrigin) readReference(d, references);
          if (!hasOrigin && !hasRightOrigin) {
            if (decoding.readVarUint(d) === 1) {
              if (decoding.readVarString(d).length > MAX_ROOT_NAME) throw malformed('a root type name is too long');
            } else {
              readReference(d, references);
            }
            if ((info & 0b0010_0000) !== 0) decoding.readVarString(d);
          }
          length = readContent(d, ref);
        }
        if (length <= 0) throw malformed('a struct of no length');
        clock += length;
      }
      ranges.set(client, { from, to: clock, structs: count });
    }
    const deleteClients = readCount(d, 2, 'delete-set client');
    for (let c = 0; c < deleteClients; c++) {
      const client = decoding.readVarUint(d);
      const count = readCount(d, 2, 'deleted range');
      for (let i = 0; i < count; i++) deletes.push(client, decoding.readVarUint(d), decoding.readVarUint(d));
    }
  } catch (error) {
    if (error instanceof UpdateRefused) throw error;
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  if (decoding.hasContent(d)) throw malformed('trailing bytes');
  return { ranges, references, deletes, structs };
}

/** Reads one item's content and returns its length in clock ticks, as Yjs counts it. */
function readContent(d: decoding.Decoder, ref: number): number {
  switch (ref) {
    case DELETED:
      return decoding.readVarUint(d);
    case JSON_CONTENT: {
      const n = readCount(d, 1, 'JSON value');
      for (let i = 0; i < n; i++) readJson(d);
      return n;
    }
    case BINARY:
      decoding.readVarUint8Array(d);
      return 1;
    case STRING:
      // Yjs counts UTF-16 code units.
      return decoding.readVarString(d).length;
    case EMBED:
      readJson(d);
      return 1;
    case FORMAT:
      decoding.readVarString(d);
      readJson(d);
      return 1;
    case TYPE: {
      const typeRef = decoding.readVarUint(d);
      if (typeRef > LAST_TYPE_REF) throw malformed('unknown shared type');
      if (KEYED_TYPES.has(typeRef)) decoding.readVarString(d);
      return 1;
    }
    case ANY: {
      const n = readCount(d, 1, 'value');
      for (let i = 0; i < n; i++) decoding.readAny(d);
      return n;
    }
    case SUBDOC:
      throw new UpdateRefused('unsupported', 'sub-documents are not accepted');
    default:
      throw malformed(`unknown content kind ${ref}`);
  }
}

/**
 * True when everything the update builds on is already known: `known(client)` is the room's next
 * clock for that client. An update that builds on edits the server has not seen would wait in the
 * document's pending structs, held in memory and stored yet invisible; the client is asked to
 * sync again instead (it then sends what was missing).
 */
export function dependenciesKnown(shape: UpdateShape, known: (client: number) => number): boolean {
  const reach = (client: number) => Math.max(known(client), shape.ranges.get(client)?.to ?? 0);
  for (const [client, range] of shape.ranges) if (range.from > known(client)) return false;
  for (const [client, clock] of shape.references) if (clock >= reach(client)) return false;
  const { deletes } = shape;
  for (let i = 0; i < deletes.length; i += 3) if (deletes[i + 1]! + deletes[i + 2]! > reach(deletes[i]!)) return false;
  return true;
}

/**
 * Refuses (UpdateRefused 'too-large') an update that brings more new structs, or new structs under
 * more client ids, than the limits allow. Only what the document does not hold yet counts
 * (`known(client)`: the next clock the server has for that client): structs it already holds,
 * and the delete set (deletions name history; what they may name is bounded by the frame size
 * and checked by `dependenciesKnown`), are never counted, so a returning device's reply to sync
 * step 1 is never refused for the life the document has had.
 */
export function refuseOverLimits(shape: UpdateShape, known: (client: number) => number, limits: UpdateLimits): void {
  let clients = 0;
  let structs = 0;
  for (const [client, range] of shape.ranges) {
    if (range.to <= known(client)) continue;
    clients += 1;
    structs += range.structs;
  }
  if (clients > limits.maxClients) throw new UpdateRefused('too-large', `the update brings new writing under more than ${limits.maxClients} clients`);
  if (structs > limits.maxItems) throw new UpdateRefused('too-large', `the update brings more than ${limits.maxItems} new items`);
}
