import type { AgreementVersionSummary, AgreementVersionsCompared, AgreementVersionView, AgreementView, ArchiveRequestView, ProposalView } from '@kinship/domain/agreements';
import { request } from '../../shared/http';

const agreement = (id: string) => `/agreements/${encodeURIComponent(id)}`;
const proposal = (agreementId: string, id: string) => `${agreement(agreementId)}/proposals/${encodeURIComponent(id)}`;

export function fetchAgreement(agreementId: string, signal?: AbortSignal): Promise<AgreementView> {
  return request<AgreementView>('GET', agreement(agreementId), undefined, { signal });
}

export function fetchProposal(agreementId: string, proposalId: string, signal?: AbortSignal): Promise<ProposalView> {
  return request<ProposalView>('GET', proposal(agreementId, proposalId), undefined, { signal });
}

export function propose(agreementId: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${agreement(agreementId)}/proposals`, {});
}

/** Accepts the state the person read: refused (409) if the proposal changed since. */
export function acceptProposal(agreementId: string, proposalId: string, stateHash: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/accept`, { stateHash });
}

export function declineProposal(agreementId: string, proposalId: string, reason: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/decline`, { reason });
}

export function withdrawProposal(agreementId: string, proposalId: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/withdraw`);
}

export function commentOnItem(agreementId: string, proposalId: string, itemId: string, text: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/comments`, { itemId, text });
}

export function rebaseProposal(agreementId: string, proposalId: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/rebase`);
}

export function keepMine(agreementId: string, proposalId: string, itemId: string): Promise<ProposalView> {
  return request<ProposalView>('POST', `${proposal(agreementId, proposalId)}/conflicts/${encodeURIComponent(itemId)}/keep`);
}

export function listVersions(agreementId: string, signal?: AbortSignal): Promise<AgreementVersionSummary[]> {
  return request<AgreementVersionSummary[]>('GET', `${agreement(agreementId)}/versions`, undefined, { signal });
}

export function fetchVersion(agreementId: string, number: number, signal?: AbortSignal): Promise<AgreementVersionView> {
  return request<AgreementVersionView>('GET', `${agreement(agreementId)}/versions/${number}`, undefined, { signal });
}

/** Where a version's Markdown file is downloaded from (a plain link: the browser saves the file the API names). */
export function versionMarkdownUrl(agreementId: string, number: number): string {
  return `/api${agreement(agreementId)}/versions/${number}/export.md`;
}

export function compareVersions(agreementId: string, from: number, to: number, signal?: AbortSignal): Promise<AgreementVersionsCompared> {
  return request<AgreementVersionsCompared>('GET', `${agreement(agreementId)}/versions/compare?from=${from}&to=${to}`, undefined, { signal });
}

export function requestArchive(agreementId: string): Promise<ArchiveRequestView> {
  return request<ArchiveRequestView>('POST', `${agreement(agreementId)}/archive-request`);
}

export function confirmArchive(agreementId: string): Promise<void> {
  return request<void>('POST', `${agreement(agreementId)}/archive-request/confirm`);
}

export function cancelArchive(agreementId: string): Promise<void> {
  return request<void>('DELETE', `${agreement(agreementId)}/archive-request`);
}
