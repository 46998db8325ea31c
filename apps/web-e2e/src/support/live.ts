import type { Locator, Page } from 'playwright-core';

/** The live dock at the bottom of every workspace page while a session is live. */
export function liveDock(page: Page): Locator {
  return page.locator('.live-dock');
}

/** The timer's face in the dock ("9:58"). */
export function timerValue(page: Page): Locator {
  return page.locator('.live-dock .timer-face__value');
}

/** The reason the editor is read-only, shown above it (empty when it is not). */
export function writeHold(page: Page): Locator {
  return page.locator('.write-hold');
}

export function floorPanel(page: Page): Locator {
  return page.locator('.floor-panel');
}

export function pauseNotice(page: Page): Locator {
  return page.locator('.pause-notice');
}

/** True when the editor takes typing. */
export function editorIsEditable(page: Page): Promise<boolean> {
  return page.locator('.prose').evaluate((el) => (el as HTMLElement).isContentEditable);
}

/** How long until the check passes, in ms; fails after `timeoutMs`. */
export async function timeUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The accessible-ish name of the focused element: its aria-label, else its text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelled = el.getAttribute('aria-label');
    if (labelled) return labelled.trim();
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      return (el.labels?.[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();
    }
    return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/**
 * Moves the focus with Tab (only Tab: the keyboard alone) until the focused element's name
 * matches, and fails with what it passed when it never gets there.
 */
export async function tabTo(page: Page, name: string | RegExp, maxTabs = 80): Promise<void> {
  const passed: string[] = [];
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  if (matches(await focusedName(page))) return;
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const current = await focusedName(page);
    if (matches(current)) return;
    passed.push(current);
  }
  throw new Error(`Tab never reached ${String(name)}; it passed: ${JSON.stringify(passed)}`);
}

/** Tabs to a control and presses Enter on it. */
export async function pressByKeyboard(page: Page, name: string | RegExp): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press('Enter');
}

/** The dialogue document's id, from the URL of a page that has it open. */
export function documentIdIn(page: Page): string {
  const match = /\/documents\/([0-9a-f-]{36})/.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`no document open at ${page.url()}`);
  return match[1]!;
}
