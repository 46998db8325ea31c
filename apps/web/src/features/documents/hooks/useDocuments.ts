import { can, type DocumentView, type Role } from '@kinship/domain';
import { useQuery } from '../../../shared/query';
import { listDocuments } from '../api';

/**
 * The workspace's documents this member may read. The server already leaves out what a partner
 * may not see; the filter here is a second lock, never the only one.
 */
export function useDocuments(workspaceId: string, role: Role) {
  const query = useQuery(`documents:${workspaceId}`, (signal) => listDocuments(workspaceId, signal));
  const visible = query.data?.filter((document) => can({ role }, { type: 'document.read', document }));
  return { ...query, documents: visible };
}

export function replaceDocument(list: DocumentView[] | undefined, updated: DocumentView): DocumentView[] | undefined {
  if (!list) return list;
  const found = list.some((d) => d.id === updated.id);
  return found ? list.map((d) => (d.id === updated.id ? updated : d)) : [...list, updated];
}
