import type { RevealPromptView, RevealsView } from '@kinship/domain/wire';
import { request } from '../../shared/http';

/** The workspace's prompts as the caller may see them: a partner their own draft, the counselor who is done, both drafts once revealed. */
export const fetchReveals = (workspaceId: string, signal?: AbortSignal) => request<RevealsView>('GET', `/workspaces/${workspaceId}/reveals`, undefined, { signal });

/** The counselor opens a prompt: each partner gets a draft of their own. */
export const openPrompt = (workspaceId: string, text: string) => request<RevealsView>('POST', `/workspaces/${workspaceId}/reveals`, { text });

/** A partner marks their draft done, or not yet. */
export const markDone = (workspaceId: string, promptId: string, done: boolean) => request<RevealPromptView>('PUT', `/workspaces/${workspaceId}/reveals/${promptId}/mine`, { done });

export const withdrawPrompt = (workspaceId: string, promptId: string) => request<RevealsView>('POST', `/workspaces/${workspaceId}/reveals/${promptId}/withdraw`);

/** The counselor reveals both drafts (refused by the server until both partners are done). */
export const revealDrafts = (workspaceId: string, promptId: string) => request<RevealsView>('POST', `/workspaces/${workspaceId}/reveals/${promptId}/reveal`);
