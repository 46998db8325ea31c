import type { Locator, Page } from 'playwright-core';

export function documentUrl(workspaceId: string, documentId: string): string {
  return `/workspaces/${workspaceId}/documents/${documentId}`;
}

export function editorArea(page: Page): Locator {
  return page.locator('.prose');
}

export function saveStatus(page: Page): Locator {
  return page.locator('.save-status');
}

/** Opens a document and waits until it is connected and confirmed saved. */
export async function openDocument(page: Page, workspaceId: string, documentId: string): Promise<void> {
  await page.goto(documentUrl(workspaceId, documentId));
  await editorArea(page).waitFor();
  await statusSays(page, 'All changes saved').waitFor({ timeout: 15_000 });
}

/** The visible connection status, when it says exactly this. */
export function statusSays(page: Page, text: 'All changes saved' | 'Saving…' | 'Offline — changes kept on this device'): Locator {
  return page.locator('.save-status', { hasText: text });
}

/** Puts the caret at the end of the document and types like a person. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const area = editorArea(page);
  await area.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(text, { delay: 15 });
}

export function presenceNames(page: Page): Locator {
  return page.locator('.presence__person .presence__name');
}
