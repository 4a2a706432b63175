import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the README's pictures live, and the two widths they are taken at. */
const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
export const WIDTHS = { desktop: 1280, phone: 390 } as const;
export type Width = keyof typeof WIDTHS;
export const EACH_WIDTH = Object.keys(WIDTHS) as Width[];

export function ensureShotsDir(): void {
  mkdirSync(SHOTS, { recursive: true });
}

/**
 * `shoot(page, name, width)` writes docs/screenshots/<prefix>-<name>-<width>.png, a viewport's
 * worth, no more: the files stay small. Then it checks that the page is usable at that width:
 * nothing wider than the viewport, so no sideways scrolling.
 *
 * Headless Chromium now and then has no frame to copy when the machine is busy, and answers
 * "Unable to capture screenshot". That is the browser's capture failing, not the page, so the
 * capture alone is tried again, up to three times.
 */
export const shooter = (prefix: string) => async (page: Page, name: string, width: Width): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: join(SHOTS, `${prefix}-${name}-${width}.png`) });
      break;
    } catch (error) {
      if (attempt === 3 || !String(error).includes('Unable to capture screenshot')) throw error;
    }
  }
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(WIDTHS[width]);
};
