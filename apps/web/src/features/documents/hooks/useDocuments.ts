import { useQuery } from '@tanstack/react-query';
import { can, type Role } from '@kinship/domain/rules';
import { documentsQuery } from '../queries';

/**
 * The workspace's documents this member may read. The server already leaves out what a partner
 * may not see; the filter here is a second lock, never the only one.
 */
export function useDocuments(workspaceId: string, role: Role) {
  const query = useQuery(documentsQuery(workspaceId));
  const visible = query.data?.filter((document) => can({ role }, { type: 'document.read', document }));
  return { ...query, documents: visible };
}
