/**
 * The copy of each document kept on this device (IndexedDB, one database per account and
 * document), and the marker that says it holds edits the server has not confirmed yet.
 */
export function localCopyName(accountId: string, documentId: string): string {
  return `kinship:${accountId}:${documentId}`;
}

function unsavedKey(accountId: string, documentId: string): string {
  return `kinship.unsaved.${accountId}.${documentId}`;
}

export function unsavedMarker(accountId: string, documentId: string) {
  const key = unsavedKey(accountId, documentId);
  return {
    get(): boolean {
      try {
        return localStorage.getItem(key) === '1';
      } catch {
        return false;
      }
    },
    set(unsaved: boolean) {
      try {
        if (unsaved) localStorage.setItem(key, '1');
        else localStorage.removeItem(key);
      } catch {
        // Storage refused (private browsing): the status still tells the truth for this visit.
      }
    },
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

/** Forget one document's copy on this device: used when the server says it is not ours to see. */
export async function forgetLocalCopy(accountId: string, documentId: string): Promise<void> {
  unsavedMarker(accountId, documentId).set(false);
  await deleteDatabase(localCopyName(accountId, documentId));
}

/**
 * On log out, remove this account's document copies from the device, except those holding edits
 * the server has not confirmed (deleting them would lose work); those return on the next log-in.
 * Returns how many copies were kept for that reason.
 */
export async function forgetLocalCopies(accountId: string): Promise<number> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return 0;
  const prefix = `kinship:${accountId}:`;
  let kept = 0;
  try {
    const databases = await indexedDB.databases();
    for (const { name } of databases) {
      if (!name || !name.startsWith(prefix)) continue;
      const documentId = name.slice(prefix.length);
      if (unsavedMarker(accountId, documentId).get()) {
        kept += 1;
        continue;
      }
      await deleteDatabase(name);
    }
  } catch {
    // Listing databases can fail in private browsing; nothing was stored there anyway.
  }
  return kept;
}
