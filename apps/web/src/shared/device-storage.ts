/**
 * Everything Kinship keeps on this device, in one place:
 * - the last account that logged in (so a page reloaded offline still opens);
 * - per account and document: the document's copy (IndexedDB, kept by y-indexeddb), the marker
 *   saying it holds edits the server has not confirmed, and the server's last "yes, you may open
 *   it" (so an offline reload can open it again).
 * Nothing else in the app touches localStorage, sessionStorage or IndexedDB. Logging out deletes
 * all of it (see `unsavedDocuments` for asking first).
 */

const KEY_PREFIX = 'kinship.';
const DATABASE_PREFIX = 'kinship:';
const ACCOUNT_KEY = `${KEY_PREFIX}account`;
const unsavedKey = (accountId: string, documentId: string) => `${KEY_PREFIX}unsaved.${accountId}.${documentId}`;
const accessKey = (accountId: string, documentId: string) => `${KEY_PREFIX}access.${accountId}.${documentId}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage refused (private browsing, full): the app still works online, for this visit.
  }
}

function readJson<T>(key: string): T | null {
  const raw = read(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    // A damaged entry is the same as none.
    return null;
  }
}

/** The last account that logged in on this device. */
export const rememberedAccount = {
  get: <T>(): T | null => readJson<T>(ACCOUNT_KEY),
  set: (account: unknown | null) => write(ACCOUNT_KEY, account === null ? null : JSON.stringify(account)),
};

/** The server's last "yes" to opening this document, as this account. */
export function rememberedAccess<T>(accountId: string, documentId: string) {
  const key = accessKey(accountId, documentId);
  return {
    get: (): T | null => readJson<T>(key),
    set: (access: T | null) => write(key, access === null ? null : JSON.stringify(access)),
  };
}

/** The IndexedDB database holding this account's copy of the document. */
export function documentCopyName(accountId: string, documentId: string): string {
  return `${DATABASE_PREFIX}${accountId}:${documentId}`;
}

/** Survives reloads: "this device holds edits to this document that the server has not confirmed". */
export function unsavedMarker(accountId: string, documentId: string) {
  const key = unsavedKey(accountId, documentId);
  return {
    get: (): boolean => read(key) === '1',
    set: (unsaved: boolean) => write(key, unsaved ? '1' : null),
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve();
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // Blocked: a tab still has it open. The deletion goes through when that tab closes it; do
    // not hold the page for it.
    request.onblocked = () => setTimeout(resolve, 1000);
  });
}

/** Forget one document on this device: its copy, its unsaved marker and its remembered access. */
export async function forgetDocument(accountId: string, documentId: string): Promise<void> {
  write(unsavedKey(accountId, documentId), null);
  write(accessKey(accountId, documentId), null);
  await deleteDatabase(documentCopyName(accountId, documentId));
}

/**
 * Forget the document's copy and its unsaved marker, keeping the right to open it: for edits the
 * server refused, so they cannot come back from this device.
 */
export async function forgetDocumentCopy(accountId: string, documentId: string): Promise<void> {
  write(unsavedKey(accountId, documentId), null);
  await deleteDatabase(documentCopyName(accountId, documentId));
}

function storedKeys(storage: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(KEY_PREFIX)) keys.push(key);
  }
  return keys;
}

/** The documents (ids) whose edits on this device the server has not confirmed, for any account. */
export function unsavedDocuments(): Array<{ accountId: string; documentId: string }> {
  try {
    return storedKeys(localStorage)
      .filter((key) => key.startsWith(`${KEY_PREFIX}unsaved.`) && localStorage.getItem(key) === '1')
      .map((key) => {
        const [accountId = '', documentId = ''] = key.slice(`${KEY_PREFIX}unsaved.`.length).split('.');
        return { accountId, documentId };
      });
  } catch {
    return [];
  }
}

/** Everything Kinship stored on this device: both storages' entries and every document copy. */
export async function forgetEverything(): Promise<void> {
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    try {
      if (storage) storedKeys(storage).forEach((key) => storage.removeItem(key));
    } catch {
      // Storage unavailable: nothing was kept in it.
    }
  }
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const databases = await indexedDB.databases();
    await Promise.all(
      databases.filter(({ name }) => name?.startsWith(DATABASE_PREFIX)).map(({ name }) => deleteDatabase(name!)),
    );
  } catch {
    // Listing databases can fail in private browsing; nothing was stored there anyway.
  }
}

/** Forget every document of one workspace on this device (the person is no longer in it). */
export function forgetWorkspace(accountId: string, workspaceId: string): Promise<void> {
  return forgetDocumentsWhere(accountId, (documentWorkspaceId) => documentWorkspaceId === workspaceId);
}

/**
 * Forgets, for this account, every document this device knows to belong to a workspace that is not
 * in `workspaceIds` (the person left it, or was removed): its copy, marker and remembered access.
 * Called with the server's list of the person's workspaces, at each visit.
 */
export function forgetWorkspacesNotIn(accountId: string, workspaceIds: readonly string[]): Promise<void> {
  const kept = new Set(workspaceIds);
  return forgetDocumentsWhere(accountId, (documentWorkspaceId) => !kept.has(documentWorkspaceId));
}

/** Forgets this account's documents whose remembered workspace matches. */
async function forgetDocumentsWhere(accountId: string, gone: (workspaceId: string) => boolean): Promise<void> {
  const prefix = `${KEY_PREFIX}access.${accountId}.`;
  let keys: string[];
  try {
    keys = storedKeys(localStorage).filter((key) => key.startsWith(prefix));
  } catch {
    return;
  }
  const documentIds = keys
    .map((key) => ({ documentId: key.slice(prefix.length), access: readJson<{ document?: { workspaceId?: string } }>(key) }))
    .filter(({ access }) => typeof access?.document?.workspaceId === 'string' && gone(access.document.workspaceId))
    .map(({ documentId }) => documentId);
  await Promise.all(documentIds.map((documentId) => forgetDocument(accountId, documentId)));
}
