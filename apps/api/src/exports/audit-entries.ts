import type { AuditEntryView, AuditPage, AuditQuery, MyAuditQuery } from '@kinship/domain/wire';

/** What an export reads of the audit trail (the trail provides it under `AUDIT_TRAIL`). */
export interface AuditTrail {
  mine(accountId: string, email: string, query: MyAuditQuery): Promise<AuditPage>;
  workspaceTrail(workspaceId: string, accountId: string, query: AuditQuery): Promise<AuditPage>;
}

export const AUDIT_TRAIL = Symbol('AuditTrail');

/** Every page of a trail, oldest page last, as the trail's own views. */
async function allPages(read: (before: string | undefined) => Promise<AuditPage>): Promise<AuditEntryView[]> {
  const entries: AuditEntryView[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await read(before);
    entries.push(...page.entries);
    if (!page.nextBefore) return entries;
    before = page.nextBefore;
  }
}

/** A person's own audit entries (what `GET /api/me/audit` shows them), every one. */
export function auditEntriesForAccount(audit: AuditTrail, accountId: string, email: string): Promise<AuditEntryView[]> {
  return allPages((before) => audit.mine(accountId, email, { before, limit: 200 }));
}

/** The workspace's trail (what its counselor sees), every entry. */
export function auditEntriesForWorkspace(audit: AuditTrail, workspaceId: string, accountId: string): Promise<AuditEntryView[]> {
  return allPages((before) => audit.workspaceTrail(workspaceId, accountId, { before, limit: 200 }));
}
