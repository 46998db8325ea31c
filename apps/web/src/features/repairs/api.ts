import type { RepairApologyBody, RepairMoveBody, RepairsView, RepairView } from '@kinship/domain/wire';
import type { RepairKind } from '@kinship/domain/rules';
import { request } from '../../shared/http';

const base = (workspaceId: string) => `/workspaces/${encodeURIComponent(workspaceId)}/repairs`;
const one = (repairId: string) => `/repairs/${encodeURIComponent(repairId)}`;

export function listRepairs(workspaceId: string, signal?: AbortSignal): Promise<RepairsView> {
  return request<RepairsView>('GET', base(workspaceId), undefined, { signal });
}

export function startRepair(workspaceId: string, kind: RepairKind): Promise<RepairView> {
  return request<RepairView>('POST', base(workspaceId), { kind });
}

export function setBetrayalUnlocked(workspaceId: string, unlocked: boolean): Promise<RepairsView> {
  return request<RepairsView>('PUT', `${base(workspaceId)}/betrayal`, { unlocked });
}

export function moveRepair(repairId: string, move: RepairMoveBody): Promise<RepairView> {
  return request<RepairView>('POST', `${one(repairId)}/moves`, move);
}

export function saveApology(repairId: string, body: RepairApologyBody): Promise<RepairView> {
  return request<RepairView>('PUT', `${one(repairId)}/apology`, body);
}

export function oneThingToProposal(repairId: string, agreementId: string): Promise<RepairView> {
  return request<RepairView>('POST', `${one(repairId)}/proposal`, { agreementId });
}

export function oneThingToCommitment(repairId: string, agreementId: string, itemId: string): Promise<RepairView> {
  return request<RepairView>('POST', `${one(repairId)}/commitment`, { agreementId, itemId });
}
