import type { ProgressView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** Progress over `weeks` weeks up to this one: the counselor's view of both partners, or a partner's own. */
export const fetchProgress = (workspaceId: string, weeks: number, signal?: AbortSignal) =>
  request<ProgressView>('GET', `/workspaces/${encodeURIComponent(workspaceId)}/progress?weeks=${weeks}`, undefined, { signal });
