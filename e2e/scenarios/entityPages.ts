import assert from 'assert';
import type { Browser, Page } from 'playwright-core';
import {
  screenshot,
  type ScreenshotOptions,
  signedInAs,
  thenScreenshot,
} from '../browser';

const APP = '/catalog/default/microapp/invoice-field-extractor';

/** Runs `fn` in a fresh session of `user`, then screenshots and checks the page as `shot` (the picture is saved even when `fn` fails). */
async function as(
  browser: Browser,
  user: string,
  shot: string,
  fn: (page: Page) => Promise<void>,
  options?: ScreenshotOptions,
) {
  const { context, page } = await signedInAs(browser, user);
  try {
    await thenScreenshot(page, shot, () => fn(page), options);
  } finally {
    await context.close();
  }
}

/** Fills the summarizer template's first steps and waits for the risk preview to score them. */
async function fillTemplateUpToRiskPreview(page: Page) {
  await page.getByLabel('Name').first().fill('release-notes-summarizer');
  await page.getByLabel('Title').first().fill('Release notes summarizer');
  await page
    .getByLabel('Description')
    .first()
    .fill('Summarises release notes for the support team.');
  const owner = page.getByLabel('Owning team').first();
  await owner.click();
  await owner.fill('finance');
  await page.getByRole('option').first().click();
  await page.getByLabel('Cost center').first().fill('CC-4100-FIN');
  await page.getByLabel('Confluence space key').first().fill('FIN');
  await page.getByRole('button', { name: 'Next' }).click();
  // Where people open it and get help: optional, left empty.
  await page
    .getByText(/Where people use it/i)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(/Who uses it/i)
    .first()
    .waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  // The preview scores the answers so far.
  await page
    .getByText(/Risk preview/i)
    .first()
    .waitFor();
  await page
    .locator('text=/(Low|Medium|High) · \\d+/')
    .first()
    .waitFor({ timeout: 20_000 });
}

export const entityScenarios = [
  {
    name: 'an owner opens the Cost tab and sees daily cost by model in a chart',
    run: (browser: Browser) =>
      as(browser, 'alice', 'flow-owner-cost-tab', async page => {
        await page.goto(`${APP}/cost`);
        await page
          .locator('.recharts-surface')
          .first()
          .waitFor({ timeout: 30_000 });
        const bars = await page.locator('.recharts-bar-rectangle').count();
        assert(
          bars > 10,
          `expected daily bars in the cost chart, found ${bars}`,
        );
        await page
          .getByText(/USD per day/i)
          .first()
          .waitFor();
      }),
  },
  {
    name: 'a marketplace user is not offered the grant button',
    run: (browser: Browser) =>
      as(browser, 'uma', 'flow-non-steward-governance', async page => {
        await page.goto(`${APP}/governance`);
        await page
          .getByText(/Approval badges/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1500); // permission answers arrive after the table
        const grants = await page
          .getByRole('button', { name: /^Grant /i })
          .count();
        assert.strictEqual(grants, 0, 'uma must not see a Grant button');
      }),
  },
  {
    name: 'a security steward signs off a badge in the UI and sees it granted',
    run: (browser: Browser) =>
      as(browser, 'nora', 'flow-steward-grant', async page => {
        await page.goto(`${APP}/governance`);
        const grant = page.getByRole('button', {
          name: 'Grant Security review',
        });
        await grant.waitFor({ timeout: 30_000 });
        const others = await page
          .getByRole('button', { name: /^Grant (Compliance|Executive)/i })
          .count();
        assert.strictEqual(
          others,
          0,
          'a security steward is offered only the security review',
        );
        await grant.click();
        const dialog = page.getByRole('dialog');
        await dialog
          .getByLabel(/Comment/i)
          .fill('Reviewed the extractor: masked PII, enterprise model only.');
        await dialog.getByRole('button', { name: 'Grant' }).click();
        await dialog.waitFor({ state: 'detached' });
        const row = page.locator('tr', { hasText: 'Security review' });
        await row
          .getByText(/granted/i)
          .first()
          .waitFor({ timeout: 15_000 });
        await row.getByText(/nora/i).first().waitFor();
      }),
  },
  {
    name: 'a platform steward turns the kill switch on and off again',
    run: (browser: Browser) =>
      as(browser, 'sam', 'flow-kill-switch', async page => {
        await page.goto(`${APP}/policy`);
        const toggle = page.getByRole('switch');
        await toggle.waitFor({ timeout: 30_000 });
        assert.strictEqual(await toggle.isChecked(), false);
        await toggle.click();
        let dialog = page.getByRole('dialog');
        await dialog
          .getByLabel(/Reason/i)
          .fill(
            'Leaking invoice numbers to a public endpoint; stop until fixed.',
          );
        await dialog.getByRole('button', { name: 'Turn on' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page
          .getByText(/Kill switch on/i)
          .first()
          .waitFor({ timeout: 15_000 });
        assert.strictEqual(await page.getByRole('switch').isChecked(), true);
        await screenshot(page, 'flow-kill-switch-on');
        // The overview and the marketplace say the app is disabled.
        const disabledShown = (on: Page) =>
          on
            .getByLabel(/^Status: Disabled \(kill switch\)/)
            .waitFor({ timeout: 30_000 });
        await page.goto(APP);
        await disabledShown(page);
        await screenshot(page, 'flow-kill-switch-overview', {
          replay: disabledShown,
        });
        await page.goto('/microapps?q=invoice');
        await page
          .locator('table tbody tr', { hasText: 'Invoice Field Extractor' })
          .getByLabel(/^Status: Disabled \(kill switch\)/)
          .waitFor({ timeout: 30_000 });
        await page.goto(`${APP}/policy`);
        await page.getByRole('switch').waitFor({ timeout: 30_000 });
        await page.getByRole('switch').click();
        dialog = page.getByRole('dialog');
        await dialog
          .getByLabel(/Reason/i)
          .fill('Fixed in 1.4.1; endpoint removed.');
        await dialog.getByRole('button', { name: 'Turn off' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page
          .getByText(/Kill switch off/i)
          .first()
          .waitFor({ timeout: 15_000 });
      }),
  },
  {
    name: 'someone filling in a MicroApp template sees the live risk score and hints',
    run: (browser: Browser) =>
      as(
        browser,
        'alice',
        'flow-template-risk-preview',
        async page => {
          await page.goto('/create/templates/default/microapp-summarizer');
          await fillTemplateUpToRiskPreview(page);
        },
        // The answers typed so far live in the page, not its URL: the dark
        // twin types them again.
        { replay: fillTemplateUpToRiskPreview },
      ),
  },
];
