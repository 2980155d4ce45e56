import assert from 'assert';
import type { Browser, Locator, Page } from 'playwright-core';
import { screenshot, screenshotEverywhere, signedInAs } from '../browser';

const marketplaceRow = (page: Page, title: string) =>
  page.locator('table tbody tr', { hasText: title });

/** The status chip of a marketplace row or the overview, by its accessible name. */
const statusChip = (page: Page | Locator, label: string) =>
  page.getByLabel(new RegExp(`^Status: ${label.replace(/[()]/g, '\\$&')}`));

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
        const search = page.getByRole('searchbox', {
          name: 'Search micro-apps',
        });
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
    name: 'the marketplace says in words whether each app is approved, and lists only the badges it needs',
    async run(browser: Browser) {
      const owner = await signedInAs(browser, 'alice');
      try {
        const { page } = owner;
        await page.goto('/microapps?q=invoice');
        const invoice = marketplaceRow(page, 'Invoice Field Extractor');
        // A medium-tier production app without its badges runs without them.
        await statusChip(invoice, 'Running without required approvals')
          .first()
          .waitFor({ timeout: 30_000 });
        const text = (await invoice.textContent()) ?? '';
        assert(!/Blocked/.test(text), `no "Blocked" on a running app: ${text}`);
        assert(
          !/Compliance|Executive/.test(text),
          `a medium-tier app lists only the badges it needs: ${text}`,
        );
      } finally {
        await owner.context.close();
      }

      // A platform steward signs off the one badge a low-tier production app needs.
      const steward = await signedInAs(browser, 'sam');
      try {
        const { page } = steward;
        await page.goto(
          '/catalog/default/microapp/help-center-digest/governance',
        );
        const grant = page.getByRole('button', {
          name: 'Grant Production readiness',
        });
        await grant.waitFor({ timeout: 30_000 });
        await grant.click();
        const dialog = page.getByRole('dialog');
        await dialog
          .getByLabel(/Comment/i)
          .fill('Runbook, alerts and on-call in place.');
        await dialog
          .getByRole('button', { name: 'Grant', exact: true })
          .click();
        await dialog.waitFor({ state: 'detached' });

        await page.goto('/microapps?q=digest');
        await statusChip(
          marketplaceRow(page, 'Help Center Digest'),
          'Approved for production',
        ).waitFor({ timeout: 30_000 });
        await screenshot(page, 'flow-marketplace-status');

        await page.goto('/catalog/default/microapp/help-center-digest');
        await statusChip(page, 'Approved for production').waitFor({
          timeout: 30_000,
        });
        await screenshot(page, 'flow-overview-approved');
      } finally {
        await steward.context.close();
      }
    },
  },
  {
    name: 'a browser finds an app by what it does, best match first, and can show the hidden drafts',
    async run(browser: Browser) {
      const { context, page } = await signedInAs(browser, 'alice');
      try {
        await page.goto('/microapps');
        await page.locator('table tbody tr').first().waitFor();
        await page
          .getByRole('searchbox', { name: 'Search micro-apps' })
          .fill('summarize my call notes');
        await page.waitForURL(/q=summarize/);
        // Ranked search: the sort control says so, and the best match leads.
        await page
          .getByRole('button', { name: /Sort by/ })
          .filter({ hasText: 'Relevance' })
          .waitFor();
        const first = page.locator('table tbody tr').first();
        await first
          .filter({
            hasText: 'Call Notes Summarizer',
          })
          .waitFor({ timeout: 30_000 });

        // A draft matches but is hidden: the page says so and shows it on request.
        await page.goto('/microapps?q=exit%20interview');
        const hidden = page.getByText(/decommissioned apps? hidden/);
        await hidden.waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Show them' }).click();
        await page.waitForURL(/lifecycle=draft/);
        await marketplaceRow(page, 'Exit Interview Theme Finder').waitFor();
        assert(
          (await hidden.count()) === 0,
          'no hidden apps once every stage is shown',
        );
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
