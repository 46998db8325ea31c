/**
 * The audit trail's part of an export. The audit trail (issue 15, item 1) is being built at
 * apps/api/src/audit; until it is merged these return no entries.
 *
 * TODO(lead): wire to the audit service once merged: the person's own account entries for
 * `auditEntriesForAccount`, the workspace's trail for `auditEntriesForWorkspace`.
 */
export async function auditEntriesForAccount(_accountId: string): Promise<unknown[]> {
  return [];
}

export async function auditEntriesForWorkspace(_workspaceId: string): Promise<unknown[]> {
  return [];
}
