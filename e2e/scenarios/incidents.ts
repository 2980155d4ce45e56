import assert from 'assert';
import type { Browser, Page } from 'playwright-core';
import { screenshotEverywhere, signedInAs, thenScreenshot } from '../browser';

/**
 * The example pack's `pii-burst-on-sensitive-data` policy fired on the RFP
 * Response Drafter when the example portal started (its owner reported three
 * PII findings): an open incident, and a kill switch two stewards release.
 * The scenarios run in order and carry the incident from open to closed.
 */
const APP_POLICY_TAB = '/catalog/default/microapp/rfp-response-drafter/policy';
const PII_POLICY = 'pii-burst-on-sensitive-data';
const PII_POLICY_TITLE = 'Repeated PII on confidential or regulated data';
const EXAMPLE_POLICIES = {
  'pii-burst-on-sensitive-data': 'Enforce',
  'budget-overrun': 'Dry run',
  'prohibited-or-unvetted-model': 'Enforce',
  'stale-approval': 'Enforce',
};
const NOTE =
  'Traced to the RFP answer library: three e-mail addresses in one template.';
const step = thenScreenshot;

/** The incidents page's row of the seeded incident. */
const seededIncidentRow = (page: Page) =>
  page
    .getByRole('region', { name: 'Incidents' })
    .locator('tbody tr')
    .filter({ hasText: /RFP Response Drafter|rfp-response-drafter/ })
    .filter({ hasText: PII_POLICY_TITLE });

/**
 * Waits until the incident's timeline on the Policy tab shows `text`: what a
 * dark twin, opened at the same URL, waits for before its picture.
 */
const timelineShows = (text: string) => (page: Page) =>
  page
    .getByRole('region', { name: `Incident ${PII_POLICY_TITLE}` })
    .getByText(text)
    .first()
    .waitFor({ timeout: 30_000 });

/** Opens the app's Policy tab on its incident from the policy's firing. */
async function openIncident(page: Page) {
  await page.goto(APP_POLICY_TAB);
  const link = page
    .locator('tbody tr')
    .filter({ hasText: PII_POLICY })
    .getByRole('link', { name: PII_POLICY_TITLE });
  await link.first().waitFor({ timeout: 30_000 });
  await link.first().click();
  const incident = page.getByRole('region', {
    name: `Incident ${PII_POLICY_TITLE}`,
  });
  await incident.getByText('Policy fired').first().waitFor({ timeout: 30_000 });
  return incident;
}

/** Writes `text` into the open dialog's only text field and confirms with `confirm`. */
async function answerDialog(page: Page, text: string, confirm: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill(text);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

/** Closed, the incident has left the incidents page's list of mitigated ones. */
const pictureNoneMitigated = (page: Page) =>
  step(page, 'incident-8-none-mitigated', async () => {
    await page.goto('/microapps/incidents?state=mitigated');
    await page
      .getByText('No incidents (mitigated)')
      .waitFor({ timeout: 30_000 });
  });

export const incidentScenarios = [
  {
    name: "a steward's incidents page lists the seeded PII incident and the example policies",
    run: async (browser: Browser) => {
      const { context, page } = await signedInAs(browser, 'nora');
      try {
        await page.goto('/microapps/incidents');
        const row = seededIncidentRow(page);
        await row.waitFor({ timeout: 30_000 });
        await row.getByText('Open', { exact: true }).waitFor();
        await row.getByText('Critical', { exact: true }).waitFor();
        await page
          .getByText('Loaded policies (4)')
          .waitFor({ timeout: 30_000 });
        for (const [id, mode] of Object.entries(EXAMPLE_POLICIES)) {
          const policy = page
            .getByRole('region', { name: 'Policies' })
            .locator('tbody tr')
            .filter({
              has: page.getByText(id, { exact: true }),
            });
          assert.match(
            (await policy.textContent()) ?? '',
            new RegExp(mode),
            `${id} shows ${mode}`,
          );
        }
        assert.strictEqual(
          await page
            .getByText(/^(A policy pack has|Policy packs have)/)
            .count(),
          0,
          'no policy pack has load errors',
        );
      } finally {
        await context.close();
      }
      await screenshotEverywhere(browser, {
        user: 'nora',
        path: '/microapps/incidents',
        name: 'incidents-page',
        ready: page => page.getByText('Loaded policies (4)').waitFor(),
      });
    },
  },
  {
    name: 'a steward follows the incident to its timeline: the firing, its values, traces and actions; she adds a note',
    run: async (browser: Browser) => {
      const { context, page } = await signedInAs(browser, 'nora');
      try {
        await step(
          page,
          'incident-1-timeline',
          async () => {
            await page.goto('/microapps/incidents');
            const row = seededIncidentRow(page);
            await row.waitFor({ timeout: 30_000 });
            await row.getByRole('link', { name: PII_POLICY_TITLE }).click();
            await page.waitForURL(
              /\/rfp-response-drafter\/policy\?incident=\d+/,
            );
            const incident = page.getByRole('region', {
              name: `Incident ${PII_POLICY_TITLE}`,
            });
            await incident
              .getByText('Policy fired')
              .first()
              .waitFor({ timeout: 30_000 });
            const values = incident.getByLabel(
              `Values policy ${PII_POLICY} fired on`,
            );
            const valueText = (await values.first().textContent()) ?? '';
            assert.match(
              valueText,
              /window\.violations\["pii_detected"\]\s*3/,
              'the firing shows the three PII findings',
            );
            assert.strictEqual(
              await incident
                .getByRole('list', { name: 'Traces' })
                .first()
                .getByRole('link')
                .count(),
              3,
              'three trace links',
            );
            await incident
              .getByRole('list', { name: 'Actions taken' })
              .getByText('Kill switch engaged')
              .first()
              .waitFor();
          },
          { replay: timelineShows('Policy fired') },
        );
        await step(
          page,
          'incident-2-note',
          async () => {
            const incident = page.getByRole('region', {
              name: `Incident ${PII_POLICY_TITLE}`,
            });
            await incident.getByRole('button', { name: 'Add note' }).click();
            await answerDialog(page, NOTE, 'Add note');
            await timelineShows(NOTE)(page);
          },
          { replay: timelineShows(NOTE) },
        );
      } finally {
        await context.close();
      }
    },
  },
  {
    name: "two stewards release the policy's kill switch: the first asks and cannot confirm, the second confirms",
    run: async (browser: Browser) => {
      const nora = await signedInAs(browser, 'nora');
      try {
        const page = nora.page;
        await step(page, 'incident-3-release-requested', async () => {
          await page.goto(APP_POLICY_TAB);
          const toggle = page.getByRole('switch');
          await toggle.waitFor({ timeout: 30_000 });
          await page
            .getByText(/two stewards must release it/)
            .waitFor({ timeout: 30_000 });
          await toggle.click();
          await answerDialog(
            page,
            'Template fixed: the RFP library no longer holds contact details.',
            'Request release',
          );
          await page
            .getByText(/^Release requested by .* waiting for a second steward/)
            .waitFor({ timeout: 30_000 });
          assert(
            await page.getByRole('switch').isDisabled(),
            'the steward who asked cannot confirm',
          );
          await page
            .getByText(
              'Kill switch on: you asked to release it; a second steward must confirm it',
            )
            .waitFor();
          assert(await page.getByRole('switch').isChecked(), 'still on');
        });
      } finally {
        await nora.context.close();
      }
      const maya = await signedInAs(browser, 'maya');
      try {
        const page = maya.page;
        await step(page, 'incident-4-released', async () => {
          await page.goto(APP_POLICY_TAB);
          const confirm = page.getByRole('button', { name: 'Confirm release' });
          await confirm.waitFor({ timeout: 30_000 });
          await confirm.click();
          await answerDialog(
            page,
            'Checked the template change and the last day of traces.',
            'Confirm release',
          );
          await page
            .getByText('Off: model gateways let this app call its models.')
            .waitFor({ timeout: 30_000 });
          const incident = await openIncident(page);
          await incident
            .getByText(
              /^Asked to release the kill switch \(first of two stewards\)/,
            )
            .waitFor({ timeout: 30_000 });
          await incident
            .getByText('Released the kill switch as the second of two stewards')
            .waitFor({ timeout: 30_000 });
        });
      } finally {
        await maya.context.close();
      }
    },
  },
  {
    name: 'a steward mitigates and closes the incident with a retrospective; the owner sees it but cannot close it',
    run: async (browser: Browser) => {
      const nora = await signedInAs(browser, 'nora');
      try {
        await step(nora.page, 'incident-5-mitigated', async () => {
          const incident = await openIncident(nora.page);
          await incident
            .getByRole('button', { name: 'Mark mitigated' })
            .click();
          await answerDialog(
            nora.page,
            'Kill switch released after the template fix; watching for new findings.',
            'Mark mitigated',
          );
          await incident
            .getByText('Mitigated', { exact: true })
            .first()
            .waitFor({
              timeout: 30_000,
            });
        });
      } finally {
        await nora.context.close();
      }

      // erin is in sales-enablement, which owns the app.
      const erin = await signedInAs(browser, 'erin');
      try {
        await step(erin.page, 'incident-6-owner', async () => {
          const incident = await openIncident(erin.page);
          await incident
            .getByText('Mitigated', { exact: true })
            .first()
            .waitFor();
          await incident
            .getByRole('group', { name: 'Incident actions' })
            .getByRole('button', { name: 'Add note' })
            .waitFor();
          assert.strictEqual(
            await incident
              .getByRole('button', { name: 'Close with retrospective' })
              .count(),
            0,
            'the owner is not offered the close action',
          );
        });
      } finally {
        await erin.context.close();
      }

      const again = await signedInAs(browser, 'nora');
      try {
        const page = again.page;
        await step(page, 'incident-7-closed', async () => {
          const incident = await openIncident(page);
          await incident
            .getByRole('button', { name: 'Close with retrospective' })
            .click();
          const dialog = page.getByRole('dialog');
          const close = dialog.getByRole('button', { name: 'Close incident' });
          const field = dialog.getByRole('textbox', { name: /Retrospective/ });
          await field.fill('Too short yet.');
          assert(await close.isDisabled(), 'disabled under 20 characters');
          await dialog
            .getByText(/needs at least 20 characters \(\d+ more\)/)
            .waitFor();
          const retrospective =
            'An RFP template carried contact details; the library is now scanned before templates are published.';
          await field.fill(retrospective);
          assert(await close.isEnabled(), 'enabled from 20 characters');
          await close.click();
          await dialog.waitFor({ state: 'detached', timeout: 30_000 });
          await incident.getByText('Closed', { exact: true }).first().waitFor({
            timeout: 30_000,
          });
          await incident.getByText(retrospective).first().waitFor();
          assert.strictEqual(
            await incident
              .getByRole('group', { name: 'Incident actions' })
              .count(),
            0,
            'a closed incident offers nothing',
          );
        });
        await pictureNoneMitigated(page);
      } finally {
        await again.context.close();
      }
    },
  },
];
