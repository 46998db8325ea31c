import { useEffect } from 'react';
import type { CollaborationSession } from '../collaboration-session';
import { seedPendingAgreement } from './seed-agreement';

/**
 * Seeds a just-created agreement with the template chosen for it, once the document has synced
 * with the server (so an agreement that already has items, from another device, is never seeded).
 */
export function useSeedAgreement(session: CollaborationSession, documentId: string | undefined, enabled: boolean): void {
  useEffect(() => {
    if (!enabled || !documentId) return;
    const { provider, doc } = session;
    if (provider.synced) {
      seedPendingAgreement(documentId, doc);
      return;
    }
    const onSync = (synced: boolean) => {
      if (synced) seedPendingAgreement(documentId, doc);
    };
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [session, documentId, enabled]);
}
