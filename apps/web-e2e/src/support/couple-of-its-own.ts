import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newPage } from './browser';
import { e2e } from './environment';
import { createCouple, type Couple, type Session } from './rest';

export interface CoupleOfItsOwn {
  baseUrl: string;
  /** The spec's own counselor and partners, made before its first test. */
  readonly couple: Couple;
  /** A page signed in as this person (none: signed out), 375 px wide unless said (a phone), closed after the spec. */
  page(as: Session | undefined, width?: number): Promise<Page>;
}

/**
 * A couple of the spec's own (for specs whose journeys end sessions, remove people or delete
 * accounts, so the shared couple is never touched), a browser, and pages closed after the spec.
 * `prepare` runs on each new browser context (to answer a route, say).
 */
export function coupleOfItsOwn(names: [string, string, string], options: { prepare?: (context: BrowserContext) => Promise<void> } = {}): CoupleOfItsOwn {
  const { baseUrl } = e2e();
  let browser: Browser | undefined;
  let couple: Couple | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    couple = await createCouple(baseUrl, names);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  return {
    baseUrl,
    get couple() {
      if (!couple) throw new Error('the couple is made before the first test');
      return couple;
    },
    async page(as, width = 375) {
      const context = await newContext(browser!, { as, width, height: 760 });
      await options.prepare?.(context);
      contexts.push(context);
      return newPage(context);
    },
  };
}
