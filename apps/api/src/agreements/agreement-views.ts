import type { AgreementItem, AgreementVersionView, ProposalDecisionView, ProposalState, ProposalSummary } from '@kinship/domain/agreements';
import { sameItem } from './agreement-content';
import type { DecisionRow, ProposalRow, ProposalStatus, VersionRow } from './agreements.repository';

/** Rows as the REST contract shows them, and the plain words of a proposal's fate. */

export function toVersionView(v: VersionRow): AgreementVersionView {
  return {
    number: v.number,
    items: v.items,
    proposedBy: { accountId: v.proposedBy, name: v.proposedByName },
    acceptedBy: v.acceptedBy,
    inForceAt: new Date(v.inForceAt).toISOString(),
    proposalId: v.proposalId,
  };
}

export function toDecisionView(d: DecisionRow): ProposalDecisionView {
  return {
    accountId: d.accountId,
    name: d.name,
    decision: d.decision,
    at: new Date(d.decidedAt).toISOString(),
    reason: d.reason,
    withdrawn: d.withdrawnAt ? { at: new Date(d.withdrawnAt).toISOString(), reason: d.withdrawnReason ?? '' } : null,
  };
}

/** Acceptances that still hold (not withdrawn), one per partner: the latest. */
export function acceptedNow(decisions: DecisionRow[]): DecisionRow[] {
  const latest = new Map<string, DecisionRow>();
  for (const d of decisions) if (d.decision === 'accepted' && d.withdrawnAt === null) latest.set(d.accountId, d);
  return [...latest.values()];
}

export function describeProposalState(status: ProposalStatus, closedReason: string | null): string {
  switch (status) {
    case 'open':
      return 'This proposal is open';
    case 'in-force':
      return `This proposal is already in force${closedReason ? ` (${closedReason.replace(/^In force as /, '')})` : ''}: propose a new change instead`;
    case 'declined':
      return `This proposal was declined${closedReason ? ` (${closedReason})` : ''}: propose a new change instead`;
    case 'withdrawn':
      return 'This proposal was withdrawn by its author: propose a new change instead';
  }
}

/**
 * Why an acceptance was withdrawn by an edit, naming the items that changed since it was given:
 * "Blake edited item 3 after Alex accepted", "Blake removed “Phones” after Alex accepted".
 */
export function withdrawalReason(editor: string, acceptor: string, accepted: AgreementItem[] | null, now: AgreementItem[]): string {
  const parts: string[] = [];
  if (accepted) {
    const before = new Map(accepted.map((i) => [i.id, i]));
    const after = new Set(now.map((i) => i.id));
    const edited = now.flatMap((item, index) => (before.has(item.id) && !sameItem(before.get(item.id), item) ? [index + 1] : []));
    const added = now.flatMap((item, index) => (!before.has(item.id) ? [index + 1] : []));
    const removed = accepted.filter((i) => !after.has(i.id)).map((i) => `“${i.title || 'Untitled item'}”`);
    if (edited.length > 0) parts.push(`edited ${numbered(edited)}`);
    if (added.length > 0) parts.push(`added ${numbered(added)}`);
    if (removed.length > 0) parts.push(`removed ${removed.join(', ')}`);
  }
  const what = parts.length > 0 ? parts.join(' and ') : 'edited the proposal';
  return `${editor} ${what} after ${acceptor} accepted`;
}

function numbered(numbers: number[]): string {
  return numbers.length === 1 ? `item ${numbers[0]}` : `items ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

export function proposalStateOf(row: ProposalRow, current: number): ProposalState {
  if (row.status === 'open') return row.baseVersion === current ? 'open' : 'stale';
  return row.status;
}

export function toSummary(row: ProposalRow, current: number): ProposalSummary {
  return {
    id: row.documentId,
    agreementId: row.agreementId,
    title: row.title,
    baseVersion: row.baseVersion,
    state: proposalStateOf(row, current),
    createdBy: { accountId: row.createdBy, name: row.createdByName },
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
