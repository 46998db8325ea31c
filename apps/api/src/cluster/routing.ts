import { createHash } from 'node:crypto';
import { LIVE_SOCKET_PATH } from '@kinship/domain/wire';
import { documentIdIn } from '../sync/sync-path';

/** Most bytes the primary reads while it waits for a connection's request line to end. */
export const REQUEST_LINE_MAX_BYTES = 8 * 1024;

/** What a connection's first bytes say so far. */
export type RequestLine =
  /** The line has not ended yet: wait for more (up to REQUEST_LINE_MAX_BYTES). */
  | { kind: 'partial' }
  /** Not an HTTP/1 request line, or too long: the connection is dropped. */
  | { kind: 'refused' }
  | { kind: 'line'; target: string };

/** `METHOD SP request-target SP HTTP/1.x`, as Node's HTTP server accepts it. */
const REQUEST_LINE = /^[A-Z]+ (\S+) HTTP\/1\.[01]$/;

/**
 * The request line in a connection's first bytes (RFC 9112 §3). Empty lines before it are skipped,
 * as Node's parser does; a line that is not an HTTP/1 request line is refused.
 */
export function readRequestLine(head: Buffer): RequestLine {
  let start = 0;
  while (start < head.length && (head[start] === 0x0d || head[start] === 0x0a)) start++;
  const end = head.indexOf(0x0a, start);
  if (end < 0) return head.length >= REQUEST_LINE_MAX_BYTES ? { kind: 'refused' } : { kind: 'partial' };
  const line = head.toString('latin1', start, head[end - 1] === 0x0d ? end - 1 : end);
  const match = REQUEST_LINE.exec(line);
  return match ? { kind: 'line', target: match[1]! } : { kind: 'refused' };
}

/**
 * What a request is routed by: the document of a sync socket (`/sync/<documentId>`), or the
 * workspace a `/live` socket names in its `workspace` query parameter (a hint the web app adds on a
 * workspace page, used for nothing but this choice); null for anything else (REST, the web client).
 */
export function routingKeyOf(target: string): string | null {
  const documentId = documentIdIn(target);
  if (documentId) return `document:${documentId}`;
  const beforeFragment = target.split('#', 1)[0]!;
  const queryAt = beforeFragment.indexOf('?');
  const path = queryAt < 0 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const query = queryAt < 0 ? '' : beforeFragment.slice(queryAt + 1);
  if (path !== LIVE_SOCKET_PATH && !path.startsWith(`${LIVE_SOCKET_PATH}/`)) return null;
  const workspace = new URLSearchParams(query).get('workspace');
  return workspace ? `workspace:${workspace}` : null;
}

/**
 * The slot a key belongs to among the live ones: rendezvous (highest random weight) hashing, so a
 * slot that goes away moves only its own keys to the others, and they come back when it does.
 * Undefined when no slot is live.
 */
export function slotFor(key: string, liveSlots: Iterable<number>): number | undefined {
  let best: number | undefined;
  let bestWeight = -1;
  for (const slot of liveSlots) {
    const weight = createHash('sha256').update(`${slot}:${key}`).digest().readUInt32BE(0);
    if (weight > bestWeight || (weight === bestWeight && slot < best!)) {
      best = slot;
      bestWeight = weight;
    }
  }
  return best;
}
