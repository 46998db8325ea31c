import { useEffect } from 'react';
import type { DocumentConnection } from '../document-connection';
import { seedPendingAgreement } from './seed-agreement';

/**
 * Seeds a just-created agreement with the template chosen for it, once the document has synced
 * with the server (so an agreement that already has items, from another device, is never seeded).
 */
export function useSeedAgreement(connection: DocumentConnection, documentId: string | undefined, enabled: boolean): void {
  useEffect(() => {
    if (!enabled || !documentId) return;
    const { provider, doc } = connection;
    if (provider.synced) {
      seedPendingAgreement(documentId, doc);
      return;
    }
    const onSync = (synced: boolean) => {
      if (synced) seedPendingAgreement(documentId, doc);
    };
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [connection, documentId, enabled]);
}
