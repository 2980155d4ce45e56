import fs from 'fs';
import path from 'path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Page,
} from 'playwright-core';
import { checkAccessibility } from './accessibility';
import {
  assertNoTrellisDeprecations,
  recordTrellisDeprecations,
} from './deprecationWarnings';
import { BASE_URL, OUTPUT_DIR } from './portal';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The flags a closed network needs (no background calls home).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser session signed in as an example user through the development sign-in. */
export async function signedInAs(
  browser: Browser,
  user: string,
  options: { theme?: Theme; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? VIEWPORTS[0],
    baseURL: BASE_URL,
  });
  await context.addInitScript(
    ([name, theme]) => {
      window.localStorage.setItem('trellis.devUser', name);
      window.localStorage.setItem('theme', theme);
    },
    [user, options.theme ?? 'light'],
  );
  const page = await context.newPage();
  recordTrellisDeprecations(page);
  return { context, page };
}

const shotsDir = path.join(OUTPUT_DIR, 'screenshots');

/**
 * How much of the page lies below the viewport: in the document (entity
 * pages) or in the element that scrolls inside Backstage's `Page` (Trellis's
 * own pages).
 */
async function heightBelowViewport(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scrollers = Array.from(document.querySelectorAll('body *')).filter(
      el =>
        el.clientHeight > window.innerHeight / 2 &&
        /auto|scroll/.test(getComputedStyle(el).overflowY),
    );
    return Math.max(
      ...[document.documentElement, ...scrollers].map(
        el => el.scrollHeight - el.clientHeight,
      ),
    );
  });
}

/** {@link heightBelowViewport} once two readings agree: the page has stopped laying out. */
async function settledHeightBelowViewport(page: Page): Promise<number> {
  let last = await heightBelowViewport(page);
  for (let tries = 0; tries < 10; tries++) {
    await page.waitForTimeout(200);
    const now = await heightBelowViewport(page);
    if (now === last) break;
    last = now;
  }
  return last;
}

/**
 * Grows the viewport until the whole page fits in it. A full-page picture
 * would not reach into a scrolling element, and would show fixed parts such
 * as the sidebar over the first viewport only.
 */
async function fitViewportToPage(page: Page) {
  for (let tries = 0; tries < 5; tries++) {
    const below = await settledHeightBelowViewport(page);
    const size = page.viewportSize();
    if (below <= 1 || !size) return;
    await page.setViewportSize({
      width: size.width,
      height: Math.min(size.height + below, 16_000),
    });
  }
}

async function savePicture(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  // An open dialog is pictured in the viewport the user sees it in: in a
  // taller picture its backdrop would stop at the first viewport (full page)
  // or it would float small in the middle (grown viewport).
  const dialogOpen = await page.locator('[role="dialog"]').first().isVisible();
  const viewport = page.viewportSize();
  if (!dialogOpen) await fitViewportToPage(page);
  try {
    await page.screenshot({
      path: path.join(shotsDir, `${name}.png`),
      // Ends transitions, such as a dialog still fading in, before the picture.
      animations: 'disabled',
    });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

/** The checks every pictured page passes: axe's WCAG A/AA rules and a console free of Trellis deprecations. */
async function checkPage(page: Page, name: string, theme: string) {
  await checkAccessibility(page, name, theme);
  assertNoTrellisDeprecations(page, `${name} (${theme} theme)`);
}

/**
 * Tables wider than the box they scroll in: their last columns are cut off
 * even though the page itself does not scroll sideways. One line per table.
 */
async function clippedTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('table')).flatMap(table => {
      let box = table.parentElement;
      while (box && getComputedStyle(box).overflowX === 'visible') {
        box = box.parentElement;
      }
      const cut = box ? box.scrollWidth - box.clientWidth : 0;
      if (cut <= 1) return [];
      const header = Array.from(table.querySelectorAll('th'))
        .map(th => th.textContent?.trim())
        .filter(Boolean)
        .join(' | ');
      return [`the table (${header}) is cut by ${cut}px`];
    }),
  );
}

async function assertTablesFit(page: Page, where: string) {
  const clipped = await clippedTables(page);
  if (clipped.length) throw new Error(`${where}: ${clipped.join('; ')}`);
}

export interface ScreenshotOptions {
  /**
   * Also picture the page in the dark theme (default true). Pass false for a
   * state that neither its URL nor `replay` can bring back.
   */
  darkTwin?: boolean;
  /** Brings the dark twin, once its URL has loaded, to the pictured state (e.g. a button's result). */
  replay?: (twin: Page) => Promise<void>;
}

/**
 * Waits until the page shows no loading indicator: a lazily loaded tab or
 * card still loading when the heading is already there would otherwise be
 * pictured and checked half-drawn (indeterminate progress only; budget bars
 * and other determinate ones stay).
 */
async function untilLoaded(page: Page, where: string) {
  await page
    .waitForFunction(
      () =>
        !document.querySelector(
          '.MuiLinearProgress-indeterminate, .MuiCircularProgress-indeterminate',
        ),
      undefined,
      { timeout: 20_000 },
    )
    .catch(() => {
      throw new Error(`${where}: still loading after 20 s`);
    });
}

/**
 * The page's state in the dark theme, saved as <name>-dark.png and checked.
 * A theme switch remounts the app, so a second session of the same user
 * opens the same URL and waits until it has settled.
 */
async function darkTwin(
  page: Page,
  name: string,
  replay?: (twin: Page) => Promise<void>,
) {
  const browser = page.context().browser();
  const user = await page.evaluate(() =>
    window.localStorage.getItem('trellis.devUser'),
  );
  if (!browser || !user) throw new Error(`${name}: no session to repeat`);
  const twin = await signedInAs(browser, user, {
    theme: 'dark',
    viewport: page.viewportSize() ?? undefined,
  });
  try {
    await twin.page.goto(page.url(), { waitUntil: 'networkidle' });
    const heading = await page
      .getByRole('heading', { level: 1 })
      .first()
      .textContent();
    await twin.page
      .getByRole('heading', { level: 1, name: heading?.trim() })
      .first()
      .waitFor();
    await twin.page.waitForLoadState('networkidle');
    await untilLoaded(twin.page, `${name} (dark theme)`);
    await replay?.(twin.page);
    await twin.page.waitForTimeout(500); // let charts finish their entry animation
    await savePicture(twin.page, `${name}-dark`);
    await assertTablesFit(twin.page, `${name} (dark theme)`);
    await checkPage(twin.page, name, 'dark');
  } finally {
    await twin.context.close();
  }
}

/**
 * Saves a screenshot of the whole page (of the viewport while a dialog is
 * open) as e2e/output/screenshots/<name>.png, then checks the page: no table
 * cut off, and axe (results in e2e/output/axe/<name>-<theme>.json). A page in
 * the light theme is then pictured and checked in the dark one too, as
 * <name>-dark.png.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: ScreenshotOptions = {},
) {
  await savePicture(page, name);
  const theme = await page.evaluate(
    () => window.localStorage.getItem('theme') ?? 'light',
  );
  await assertTablesFit(page, `${name} (${theme} theme)`);
  await checkPage(page, name, theme);
  if (theme === 'light' && options.darkTwin !== false) {
    await darkTwin(page, name, options.replay);
  }
}

/**
 * Visits a page in every theme and viewport, waits until `ready` is visible,
 * saves a screenshot of each, and fails if the page scrolls sideways or a
 * table is wider than its box (its last columns cut off). Each theme is also
 * checked with axe at the first viewport (one run per theme keeps the run
 * time down).
 */
export async function screenshotEverywhere(
  browser: Browser,
  options: {
    user: string;
    path: string;
    name: string;
    ready: (page: Page) => Promise<unknown>;
  },
) {
  for (const theme of THEMES) {
    for (const viewport of VIEWPORTS) {
      const { context, page } = await signedInAs(browser, options.user, {
        theme,
        viewport,
      });
      try {
        await page.goto(options.path);
        await options.ready(page);
        await page.waitForTimeout(500); // let charts finish their entry animation
        const overflow = await page.evaluate(
          () =>
            document.documentElement.scrollWidth -
            document.documentElement.clientWidth,
        );
        await savePicture(
          page,
          `${options.name}-${theme}-${viewport.width}x${viewport.height}`,
        );
        const where = `${viewport.width}×${viewport.height} (${theme})`;
        if (overflow > 1) {
          throw new Error(
            `${options.name} scrolls sideways by ${overflow}px at ${where}`,
          );
        }
        await assertTablesFit(page, `${options.name} at ${where}`);
        if (viewport === VIEWPORTS[0]) {
          await checkPage(page, options.name, theme);
        }
      } finally {
        await context.close();
      }
    }
  }
}

/**
 * Runs `fn`, then screenshots and checks the page as `shot`. When `fn` fails
 * the picture is still saved, and `fn`'s error is the one reported.
 */
export async function thenScreenshot(
  page: Page,
  shot: string,
  fn: () => Promise<void>,
  options: ScreenshotOptions = {},
) {
  try {
    await fn();
  } catch (error) {
    await savePicture(page, shot).catch(() => {});
    throw error;
  }
  await screenshot(page, shot, options);
}
