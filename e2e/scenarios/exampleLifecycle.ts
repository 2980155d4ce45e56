import assert from 'assert';
import type { Browser, Page } from 'playwright-core';
import {
  screenshot,
  signedInAs,
  THEMES,
  type Theme,
  thenScreenshot,
} from '../browser';
import { BASE_URL, devToken } from '../portal';

/**
 * The approval lifecycle the example portal starts with (examples/README.md):
 * a grant gone stale because its app's team changed the manifest after the
 * review, and a grant whose lifetime has run out. Neither scenario decides
 * anything, so the states stay for the scenarios after them.
 */
const governanceTab = (app: string) =>
  `/catalog/default/microapp/${app}/governance`;

/** The badges table's row of one badge. */
const badgeRow = (page: Page, title: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByText(title, { exact: true }) })
    .filter({ has: page.getByText(/^Needed before|^Not needed/) });

/** Waits until the app's approval of `badge` has passed its expiry, as the API tells it. */
async function untilExpired(app: string, badge: string) {
  const res = await fetch(`${BASE_URL}/api/microapps/apps/default/${app}`, {
    headers: { Authorization: `Bearer ${await devToken('uma')}` },
  });
  assert.strictEqual(res.status, 200);
  const detail = (await res.json()) as {
    badges: Array<{ badge: string; expiresAt?: string }>;
  };
  const expiresAt = detail.badges.find(b => b.badge === badge)?.expiresAt;
  assert(expiresAt, `${app} has no approval of ${badge}`);
  const wait = Date.parse(expiresAt) - Date.now();
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait + 500));
}

/** Opens the grant dialog of the stale badge as tara, checks its diff and pictures it. */
async function pictureGrantDialog(browser: Browser, theme: Theme) {
  const { context, page } = await signedInAs(browser, 'tara', { theme });
  try {
    await page.goto(governanceTab('regulatory-change-digest'));
    await page
      .getByRole('button', { name: 'Grant Production readiness' })
      .click({ timeout: 30_000 });
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('Changed since the last review')
      .waitFor({ timeout: 30_000 });
    await dialog
      .getByRole('list', { name: 'Changed since the review' })
      .getByText('azure-gpt-4.1, azure-gpt-4.1-mini')
      .waitFor();
    await screenshot(
      page,
      `flow-stale-approval-grant-dialog${theme === 'dark' ? '-dark' : ''}`,
      { darkTwin: false },
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
}

export const exampleLifecycleScenarios = [
  {
    name: 'a stale approval shows what its app changed since the review, on the governance tab and in the grant dialog',
    run: async (browser: Browser) => {
      const { context, page } = await signedInAs(browser, 'tara');
      try {
        await thenScreenshot(page, 'flow-stale-approval', async () => {
          await page.goto(governanceTab('regulatory-change-digest'));
          const row = badgeRow(page, 'Production readiness');
          await row
            .getByText('Stale', { exact: true })
            .waitFor({ timeout: 30_000 });
          const changes = row.getByRole('list', {
            name: 'Changed since the review',
          });
          await changes
            .getByText('azure-gpt-4.1, azure-gpt-4.1-mini')
            .waitFor({ timeout: 30_000 });
          assert.strictEqual(
            await changes.getByRole('listitem').count(),
            1,
            'only the models changed',
          );
          const text = (await changes.textContent()) ?? '';
          assert.match(
            text,
            /models: azure-gpt-4\.1 → azure-gpt-4\.1, azure-gpt-4\.1-mini/,
          );
          await row.getByText(/sam/i).first().waitFor();
        });
      } finally {
        await context.close();
      }
      // Granting again shows the steward what they would sign off anew; an
      // open dialog is not in a URL, so each theme opens it itself.
      for (const theme of THEMES) {
        await pictureGrantDialog(browser, theme);
      }
    },
  },
  {
    name: 'an approval past its lifetime shows as expired and keeps the canary gate shut',
    run: async (browser: Browser) => {
      await untilExpired('social-post-classifier', 'security-review');
      const { context, page } = await signedInAs(browser, 'uma');
      try {
        await thenScreenshot(page, 'flow-expired-approval', async () => {
          await page.goto(governanceTab('social-post-classifier'));
          const row = badgeRow(page, 'Security review');
          await row
            .getByText('Expired', { exact: true })
            .waitFor({ timeout: 30_000 });
          await row.getByText(/nora/i).first().waitFor();
          await page
            .getByText(/Security review is expired/)
            .first()
            .waitFor({ timeout: 30_000 });
        });
      } finally {
        await context.close();
      }
    },
  },
];
