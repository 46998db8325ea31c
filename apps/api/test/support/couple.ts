import type { DocumentView, InviteCreated, WorkspaceSummary } from '@kinship/domain/wire';
import { HttpClient } from './http-client';

export interface Couple {
  counselor: HttpClient;
  partnerA: HttpClient;
  partnerB: HttpClient;
  stranger: HttpClient;
  workspace: WorkspaceSummary;
}

/**
 * A workspace with a counselor and two partners who joined through invite links, plus a stranger.
 * `headers` go with every request of the four (e.g. an X-Forwarded-For of their own, so a spec that
 * makes many couples against an API trusting loopback proxies stays under the per-address limits).
 */
export async function setUpCouple(baseUrl: string, headers: Record<string, string> = {}): Promise<Couple> {
  const [counselor, partnerA, partnerB, stranger] = [0, 1, 2, 3].map(() => Object.assign(new HttpClient(baseUrl), { headers: { ...headers } }));
  await counselor.register('Dr Rivera');
  await partnerA.register('Alex');
  await partnerB.register('Blake');
  await stranger.register('Stranger');
  const workspace = (await counselor.post<WorkspaceSummary>('/api/workspaces', { name: 'Alex & Blake' })).body;
  for (const partner of [partnerA, partnerB]) {
    const invite = await counselor.post<InviteCreated>(`/api/workspaces/${workspace.id}/invites`, { role: 'partner' });
    const accepted = await partner.post(`/api/invites/${invite.body.token}/accept`);
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status}`);
  }
  return { counselor, partnerA, partnerB, stranger, workspace };
}

export async function createDocument(client: HttpClient, workspaceId: string, kind: DocumentView['kind'], title = 'Our agreement'): Promise<DocumentView> {
  const res = await client.post<DocumentView>(`/api/workspaces/${workspaceId}/documents`, { kind, title });
  if (res.status !== 201) throw new Error(`create document failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
