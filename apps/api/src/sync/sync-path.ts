import { SYNC_PATH } from '@kinship/domain/wire';

/**
 * The document id a request line names under the sync path, or null when it is not a sync path.
 * Read by hand rather than with `new URL`, which throws on request targets Node's HTTP parser
 * lets through; a malformed escape names no document ('' is refused as unknown). Its own module:
 * `WORKERS=n`'s primary routes by it without loading the sync server.
 */
export function documentIdIn(requestUrl: string | undefined): string | null {
  const target = requestUrl ?? '';
  const path = target.split(/[?#]/, 1)[0]!;
  if (!path.startsWith(`${SYNC_PATH}/`)) return null;
  try {
    return decodeURIComponent(path.slice(SYNC_PATH.length + 1));
  } catch {
    return '';
  }
}
