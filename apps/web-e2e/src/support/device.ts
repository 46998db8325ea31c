import * as Y from 'yjs';
import type { Page } from 'playwright-core';

export interface DeviceContents {
  /** localStorage and sessionStorage keys Kinship wrote (they start with "kinship."). */
  storageKeys: string[];
  /** IndexedDB databases Kinship opened (document copies start with "kinship:"). */
  databases: string[];
}

/** What this browser profile holds for Kinship right now, read from inside the page. */
export async function deviceContents(page: Page): Promise<DeviceContents> {
  return page.evaluate(async () => {
    const keys: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith('kinship')) keys.push(key);
      }
    }
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('kinship'));
    return { storageKeys: keys, databases };
  });
}

/** The name of the IndexedDB database holding an account's copy of a document. */
export function deviceCopyName(accountId: string, documentId: string): string {
  return `kinship:${accountId}:${documentId}`;
}

/**
 * The document text in this browser's device copy (the y-indexeddb database), or null when there
 * is no copy. The stored updates are read out of IndexedDB and applied to a Y.Doc here.
 */
export async function deviceCopyText(page: Page, databaseName: string): Promise<string | null> {
  const updates = await page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('updates')) return [];
      const stored = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
      return stored.map((u) => Array.from(u as Uint8Array));
    } finally {
      db.close();
    }
  }, databaseName);
  if (updates === null) return null;
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  // Tiptap's Collaboration keeps the document in the fragment named "default".
  return doc.getXmlFragment('default').toString();
}
