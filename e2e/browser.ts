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

async function savePicture(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({
    path: path.join(shotsDir, `${name}.png`),
    fullPage: true,
  });
}

/** The checks every pictured page passes: axe's WCAG A/AA rules and a console free of Trellis deprecations. */
async function checkPage(page: Page, name: string, theme: string) {
  await checkAccessibility(page, name, theme);
  assertNoTrellisDeprecations(page, `${name} (${theme} theme)`);
}

/**
 * Saves a full-page screenshot as e2e/output/screenshots/<name>.png, then
 * checks the page (axe results in e2e/output/axe/<name>-<theme>.json).
 */
export async function screenshot(page: Page, name: string) {
  await savePicture(page, name);
  const theme = await page.evaluate(
    () => window.localStorage.getItem('theme') ?? 'light',
  );
  await checkPage(page, name, theme);
}

/**
 * Visits a page in every theme and viewport, waits until `ready` is visible,
 * saves a screenshot of each, and fails if the page scrolls sideways. Each
 * theme is also checked with axe at the first viewport (one run per theme
 * keeps the run time down).
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
        if (overflow > 1) {
          throw new Error(
            `${options.name} scrolls sideways by ${overflow}px at ${viewport.width}×${viewport.height} (${theme})`,
          );
        }
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
) {
  try {
    await fn();
  } catch (error) {
    await savePicture(page, shot).catch(() => {});
    throw error;
  }
  await screenshot(page, shot);
}
