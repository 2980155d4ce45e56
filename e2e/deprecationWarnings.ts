import type { Page } from 'playwright-core';

/**
 * Backstage's console warning for an entity card or content whose filter is
 * a string, for one of Trellis's extensions (ids such as
 * `entity-card:microapps/overview`).
 */
const TRELLIS_STRING_FILTER_WARNING =
  /DEPRECATION WARNING: Using a string.* filter .*'[\w-]+:microapps(\/[\w-]+)?'/;

const warningsByPage = new WeakMap<Page, string[]>();

/** Starts recording the page's string-filter deprecation warnings from Trellis extensions. */
export function recordTrellisDeprecations(page: Page) {
  const warnings: string[] = [];
  warningsByPage.set(page, warnings);
  page.on('console', message => {
    if (TRELLIS_STRING_FILTER_WARNING.test(message.text())) {
      warnings.push(message.text());
    }
  });
}

/** Fails if the page has logged a string-filter deprecation warning for a Trellis extension. */
export function assertNoTrellisDeprecations(page: Page, where: string) {
  const warnings = warningsByPage.get(page) ?? [];
  if (warnings.length) {
    throw new Error(
      `${where}: the browser console warns about Trellis extensions:\n${warnings.join(
        '\n',
      )}`,
    );
  }
}
