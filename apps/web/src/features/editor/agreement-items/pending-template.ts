/**
 * The template chosen when an agreement was created here, until the new document is seeded.
 * Held in memory for this tab only (kept apart from the editor, so the create form stays light):
 * the server has no path that writes content, so the creating client writes the template's items
 * into its Y.Doc once it is synced and still empty (seed-agreement.ts). If the tab reloads
 * before that, the agreement simply starts empty, and "Add an item" starts it by hand.
 */
const pending = new Map<string, string>();

export function rememberAgreementTemplate(documentId: string, templateId: string): void {
  pending.set(documentId, templateId);
}

/** The template chosen for this document, forgotten as it is handed out: it is used once. */
export function takeAgreementTemplate(documentId: string): string | undefined {
  const templateId = pending.get(documentId);
  pending.delete(documentId);
  return templateId;
}
