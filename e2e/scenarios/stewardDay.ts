import assert from 'assert';
import type { Browser, Page } from 'playwright-core';
import { signedInAs, thenScreenshot } from '../browser';

/**
 * A steward's day: bob reviews security for every team but his own
 * (finance-ops). Each step ends with a checked screenshot, saved even when it fails.
 */
const step = thenScreenshot;

/** Opens the governance tab of the inbox row at `index` and answers its badge with `decision`. */
async function decideRow(
  page: Page,
  index: number,
  decision: 'Grant' | 'Request changes',
  comment: string,
): Promise<string> {
  await page.goto('/microapps/reviews');
  const review = page.getByRole('link', { name: /^Review / }).nth(index);
  await review.waitFor({ timeout: 30_000 });
  const label = (await review.getAttribute('aria-label')) ?? '';
  const badge = /^Review (.+) of /.exec(label)?.[1] ?? '';
  await review.click();
  const button = page.getByRole('button', {
    name:
      decision === 'Grant' ? `Grant ${badge}` : `Request changes to ${badge}`,
    exact: true,
  });
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/Comment/i).fill(comment);
  await dialog.getByRole('button', { name: decision, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  return label;
}

export const stewardDayScenarios = [
  {
    name: "a steward's day: overdue first, request changes, grant, a refused grant explained, the audit log verified",
    run: async (browser: Browser) => {
      const { context, page } = await signedInAs(browser, 'bob');
      try {
        await step(page, 'steward-day-1-inbox', async () => {
          await page.goto('/microapps/reviews');
          await page
            .getByText(/^Overdue — running in (canary|production) without /)
            .first()
            .waitFor({ timeout: 30_000 });
          const firstRow = page
            .getByRole('row')
            .filter({ has: page.getByRole('link', { name: /^Review / }) })
            .first();
          const firstText = (await firstRow.textContent()) ?? '';
          assert.match(
            firstText,
            /Overdue — running in/,
            'the first review is an overdue one',
          );
          // The portal has just started: Trellis knows only that it first saw
          // the app today, not that the review became due today.
          assert.match(
            firstText,
            /first seen by Trellis today/,
            'the wait is counted from when Trellis first saw the app',
          );
          assert(
            !/waiting since today/.test(firstText),
            `no "waiting since today" for an app Trellis has just found: ${firstText}`,
          );
        });
        await step(page, 'steward-day-2-changes-requested', async () => {
          await decideRow(
            page,
            0,
            'Request changes',
            'Mask customer e-mail addresses before they reach the model',
          );
          await page
            .getByText('Changes requested', { exact: true })
            .first()
            .waitFor({ timeout: 30_000 });
          await page
            .getByText(/Requested changes to/)
            .first()
            .waitFor({ timeout: 30_000 });
        });
        await step(page, 'steward-day-3-granted', async () => {
          await decideRow(page, 1, 'Grant', 'Threat model and DPA reviewed');
          await page
            .getByText(/^Granted/)
            .first()
            .waitFor({ timeout: 30_000 });
        });
        await step(page, 'steward-day-4-own-app', async () => {
          await page.goto(
            '/catalog/default/microapp/month-end-close-summarizer/governance',
          );
          await page
            .getByText(/^You own Month-End Close Summarizer through /)
            .first()
            .waitFor({ timeout: 30_000 });
          const grant = page.getByRole('button', {
            name: /^Grant .*not allowed/,
          });
          assert(await grant.first().isDisabled(), 'the grant is disabled');
        });
        const verifyChain = async (audit: Page) => {
          await audit.getByRole('button', { name: 'Verify chain' }).click();
          await audit
            .getByText(/^The chain is intact: \d+ entries verified/)
            .waitFor({ timeout: 30_000 });
        };
        await step(
          page,
          'steward-day-5-audit',
          async () => {
            await page.goto('/microapps/audit');
            await verifyChain(page);
            await page
              .getByText(
                'Mask customer e-mail addresses before they reach the model',
              )
              .first()
              .waitFor({ timeout: 30_000 });
          },
          // The verification's answer is not in the URL: verify in dark too.
          { replay: verifyChain },
        );
      } finally {
        await context.close();
      }
    },
  },
];
