import assert from 'assert';
import type { Browser } from 'playwright-core';
import { screenshotEverywhere, signedInAs } from '../browser';

export const marketplaceScenarios = [
  {
    name: 'a browser searches and filters the marketplace, and the filters stay in the URL',
    async run(browser: Browser) {
      const { context, page } = await signedInAs(browser, 'alice');
      try {
        await page.goto('/microapps');
        await page
          .getByRole('heading', { name: /micro-apps/i })
          .first()
          .waitFor();
        const rows = page.locator('table tbody tr');
        await rows.first().waitFor();
        const all = await rows.count();
        assert(all > 5, `expected the example apps, saw ${all} rows`);

        await page.goto('/microapps?tier=high');
        await page.locator('table tbody tr').first().waitFor();
        // Every row now shows the high tier.
        await page.waitForFunction(() =>
          Array.from(document.querySelectorAll('table tbody tr')).every(row =>
            /high/i.test(row.textContent ?? ''),
          ),
        );
        const highRows = await page.locator('table tbody tr').count();
        assert(
          highRows > 0 && highRows < all,
          `tier=high should narrow the list (${highRows} of ${all})`,
        );

        await page.goto('/microapps');
        await page.locator('table tbody tr').first().waitFor();
        const search = page.getByPlaceholder('Name, description or tag');
        await search.fill('invoice');
        await page.waitForURL(/q=invoice/);
        await page
          .getByText(/invoice/i)
          .first()
          .waitFor();
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'the marketplace looks right in both themes at both sizes',
    async run(browser: Browser) {
      await screenshotEverywhere(browser, {
        user: 'alice',
        path: '/microapps',
        name: 'marketplace',
        ready: page => page.locator('table tbody tr').first().waitFor(),
      });
    },
  },
];
