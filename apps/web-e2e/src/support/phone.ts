import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS } from './browser';

/** The smallest target a thumb hits reliably (WCAG 2.5.5, Apple's and Google's guidance). */
export const MIN_TARGET = 44;

/**
 * Everything a person can tap or type into: links, buttons, fields, disclosure summaries, and
 * whatever takes the focus. Left out (in the page): the document's own writing (the editor and
 * what is inside it, except the controls an item card draws there), and stretches of text that
 * take the focus only to name their writer ("Who wrote what").
 */
const CONTROLS = [
  'a[href]',
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  'summary',
  '[role="button"]',
  '[role="checkbox"]',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

type Mode =
  /** Measure each control where it is. */
  | 'measure'
  /** Move to each control as a person would (the browser's nearest scroll), down the page from its top. */
  | 'move-down'
  /** The same, up the page from its bottom: the nearest scroll then shows a control at the top edge. */
  | 'move-up'
  /** Scroll the page a third of a screen at a time, and look at every control wholly in view at each stop. */
  | 'sweep';

interface Found {
  /** The control's name, as a person reads it. */
  name: string;
  width: number;
  height: number;
  /** What is on top of it instead (at its centre or near a corner), when something is. */
  coveredBy: string | null;
}

/**
 * Runs in the page. "In view" is the screen less the bars that span it and stay at its top or
 * bottom edge (a sticky header, the live dock): what is under those is scrolled out of view, not
 * covered. Anything else on top of a control in view (a floating button, a sticky part of the
 * page) covers it.
 */
function inspect(page: Page, mode: Mode, within: string): Promise<Found[]> {
  return page.evaluate(
    ({ selector, mode, within }) => {
      const scope = document.querySelector(within) ?? document.body;
      const nameOf = (el: HTMLElement) =>
        (el.getAttribute('aria-label') || el.textContent || (el as HTMLInputElement).placeholder || el.getAttribute('title') || '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 60) || el.tagName.toLowerCase();
      const describe = (el: Element | null) => {
        if (!el) return 'nothing';
        const own = el.closest('[class]');
        return own ? `.${(own.getAttribute('class') ?? '').split(/\s+/)[0]}` : el.tagName.toLowerCase();
      };
      const controls = Array.from(scope.querySelectorAll<HTMLElement>(selector)).filter((el) => {
        if (el.closest('.visually-hidden, .skip-link, .authored-text')) return false;
        const editable = el.closest('[contenteditable="true"]');
        if (editable && (editable === el || !el.closest('[contenteditable="false"]'))) return false;
        if (!el.checkVisibility({ checkVisibilityCSS: true })) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      });
      /** The box a person aims at: a checkbox or radio with its label (tapping the label ticks it). */
      const target = (el: HTMLElement) => {
        let { left, top, right, bottom } = el.getBoundingClientRect();
        if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
          for (const label of Array.from(el.labels ?? [])) {
            const box = label.getBoundingClientRect();
            left = Math.min(left, box.left);
            top = Math.min(top, box.top);
            right = Math.max(right, box.right);
            bottom = Math.max(bottom, box.bottom);
          }
        }
        return { left, top, right, bottom };
      };
      /** The part of the screen not under a full-width bar stuck to its top or bottom edge. */
      const inView = () => {
        let top = 0;
        let bottom = window.innerHeight;
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
          const position = getComputedStyle(el).position;
          if (position !== 'fixed' && position !== 'sticky') continue;
          const box = el.getBoundingClientRect();
          if (box.height === 0 || box.width < window.innerWidth * 0.9) continue;
          if (box.top <= 1 && box.bottom < window.innerHeight / 2) top = Math.max(top, box.bottom);
          if (box.bottom >= window.innerHeight - 1 && box.top > window.innerHeight / 2) bottom = Math.min(bottom, box.top);
        }
        return { top, bottom };
      };
      /** What covers the control now, if anything, at its centre or near its corners. */
      const coverOf = (el: HTMLElement) => {
        const box = el.getBoundingClientRect();
        const inset = Math.min(4, box.width / 4, box.height / 4);
        const labels = el instanceof HTMLInputElement ? Array.from(el.labels ?? []) : [];
        const points: Array<[number, number]> = [
          [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
          [box.left + inset, box.top + inset],
          [box.right - inset, box.top + inset],
          [box.left + inset, box.bottom - inset],
          [box.right - inset, box.bottom - inset],
        ];
        for (const [x, y] of points) {
          const top = document.elementFromPoint(x, y);
          if (top && (el.contains(top) || top.contains(el) || labels.some((label) => label.contains(top)))) continue;
          return describe(top);
        }
        return null;
      };
      const found = (el: HTMLElement, coveredBy: string | null) => {
        const box = target(el);
        return { name: nameOf(el), width: box.right - box.left, height: box.bottom - box.top, coveredBy };
      };

      if (mode === 'measure') return controls.map((el) => found(el, null));
      const results: Array<{ name: string; width: number; height: number; coveredBy: string | null }> = [];
      if (mode === 'sweep') {
        const end = document.documentElement.scrollHeight - window.innerHeight;
        for (let y = 0; ; y = Math.min(end, y + Math.round(window.innerHeight / 3))) {
          window.scrollTo(0, y);
          const view = inView();
          for (const el of controls) {
            const box = el.getBoundingClientRect();
            if (box.top < view.top || box.bottom > view.bottom || box.left < 0 || box.right > window.innerWidth) continue;
            const cover = coverOf(el);
            if (cover) results.push(found(el, cover));
          }
          if (y >= end) break;
        }
      } else {
        const order = mode === 'move-up' ? controls.slice().reverse() : controls;
        window.scrollTo(0, mode === 'move-up' ? document.documentElement.scrollHeight : 0);
        for (const el of order) {
          // A control taller than half the screen is never seen whole (none is, on these pages).
          if (el.getBoundingClientRect().height > window.innerHeight / 2) continue;
          el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
          const cover = coverOf(el);
          if (cover) results.push(found(el, cover));
        }
      }
      window.scrollTo(0, 0);
      return results;
    },
    { selector: CONTROLS, mode, within },
  );
}

/** The controls shown on the page now that measure less than 44 × 44 px, as "name (w×h)". */
export async function smallTargets(page: Page, within = 'body'): Promise<string[]> {
  const controls = await inspect(page, 'measure', within);
  // Half a pixel of rounding is not a thumb's business.
  return controls
    .filter((c) => c.width < MIN_TARGET - 0.5 || c.height < MIN_TARGET - 0.5)
    .map((c) => `${c.name} (${Math.round(c.width)}×${Math.round(c.height)})`);
}

/**
 * The controls something fixed or sticky covers, as "name ← what covers it": when a person moves
 * to each (down the page, then up it, as the keyboard or a screen reader does), and when they
 * scroll through the page and look at what is in view at each stop. Leaves the page at its top.
 */
export async function coveredControls(page: Page, within = 'body'): Promise<string[]> {
  const covered = new Set<string>();
  for (const mode of ['move-down', 'move-up', 'sweep'] as const) {
    for (const c of await inspect(page, mode, within)) covered.add(`${c.name} ← ${c.coveredBy}`);
  }
  return [...covered];
}

/**
 * True when the element is on screen, whole, and nothing is on top of it at its centre (what a
 * person sees without scrolling).
 */
export async function seenWhole(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    const top = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    return top !== null && (el === top || el.contains(top));
  });
}

/** Scrolls the page to a fraction of the way down (0 the top, 1 the bottom), as a thumb would. */
export async function scrollToFraction(page: Page, fraction: number): Promise<void> {
  await page.evaluate((f) => {
    const max = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, Math.round(max * f));
  }, fraction);
  // A frame for sticky and fixed things to settle.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

/** How far the page can scroll, in px (0 when it all fits). */
export function scrollRange(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
}

/** What the screen shows now (not the whole page): where fixed and sticky things sit. */
export async function screenShot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
