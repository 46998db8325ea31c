import type { CommitmentCheckInBody, CommitmentCheckInView, CommitmentsView, CommitmentView, CommitmentWeekView, MakeCommitmentBody } from '@kinship/domain/wire';
import type { CommitmentRhythm } from '@kinship/domain/rules';
import { request } from '../../shared/http';

const base = (workspaceId: string) => `/workspaces/${encodeURIComponent(workspaceId)}/commitments`;

export function listCommitments(workspaceId: string, signal?: AbortSignal): Promise<CommitmentsView> {
  return request<CommitmentsView>('GET', base(workspaceId), undefined, { signal });
}

export function fetchWeek(workspaceId: string, signal?: AbortSignal): Promise<CommitmentWeekView> {
  return request<CommitmentWeekView>('GET', `${base(workspaceId)}/week`, undefined, { signal });
}

export function makeCommitment(workspaceId: string, body: MakeCommitmentBody): Promise<CommitmentView> {
  return request<CommitmentView>('POST', base(workspaceId), body);
}

export function retireCommitment(commitmentId: string): Promise<CommitmentView> {
  return request<CommitmentView>('POST', `/commitments/${encodeURIComponent(commitmentId)}/retire`);
}

export function setRhythm(workspaceId: string, rhythm: CommitmentRhythm): Promise<CommitmentsView> {
  return request<CommitmentsView>('PUT', `${base(workspaceId)}/rhythm`, { rhythm });
}

export function checkIn(commitmentId: string, period: string, body: CommitmentCheckInBody): Promise<CommitmentCheckInView> {
  return request<CommitmentCheckInView>('PUT', `/commitments/${encodeURIComponent(commitmentId)}/check-ins/${encodeURIComponent(period)}`, body);
}
