/*
 * The demo micro-app as a team would run it against the portal: it signs in
 * as grace (Customer Support), creates an ingest key for help-center-digest
 * and sends its spans with it. grace then finds the key on the app's Policy
 * tab, used, and the requests on its Cost tab's figures.
 */
import assert from 'assert';
import { spawnSync } from 'child_process';
import type { Browser } from 'playwright-core';
import { screenshot, signedInAs } from '../browser';
import { BASE_URL, devToken, ROOT } from '../portal';

const APP = 'help-center-digest';
const REQUESTS = 8;

async function requestsToday(token: string): Promise<number> {
  const response = await fetch(
    `${BASE_URL}/api/microapps/apps/default/${APP}/costs`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const costs = (await response.json()) as {
    to: string;
    daily: Array<{ date: string; requests: number }>;
  };
  return costs.daily
    .filter(day => day.date === costs.to)
    .reduce((sum, day) => sum + day.requests, 0);
}

export const demoMicroAppScenarios = [
  {
    name: 'the demo micro-app creates its own ingest key as its owner, and grace sees the key used on the Policy tab',
    run: async (browser: Browser) => {
      const grace = await devToken('grace');
      const before = await requestsToday(grace);
      const run = spawnSync(
        'npm',
        [
          'start',
          '-w',
          'examples/demo-microapp',
          '--',
          '--requests',
          `${REQUESTS}`,
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
          env: {
            ...process.env,
            OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${BASE_URL}/api/microapps/v1/traces`,
            OTEL_EXPORTER_OTLP_HEADERS: '',
            OTEL_SERVICE_NAME: '',
          },
        },
      );
      const output = `${run.stdout}${run.stderr}`;
      assert.strictEqual(run.status, 0, `the demo failed:\n${output}`);
      assert.match(
        output,
        /Created an ingest key for the app \(as its owner\)/,
      );
      // The refused prompt injection has no model call: at most REQUESTS.
      const added = (await requestsToday(grace)) - before;
      assert(
        added > 0 && added <= REQUESTS,
        `expected up to ${REQUESTS} new requests today, got ${added}:\n${output}`,
      );

      const { context, page } = await signedInAs(browser, 'grace');
      try {
        await page.goto(`/catalog/default/microapp/${APP}/policy`);
        const keys = page.getByRole('table', { name: 'Ingest keys' });
        await keys.waitFor({ timeout: 30_000 });
        const row = keys.getByRole('row').filter({ hasText: 'demo micro-app' });
        await row.first().waitFor();
        const lastUsed = await row.first().getByRole('cell').nth(2).innerText();
        assert.notStrictEqual(
          lastUsed.trim(),
          'Never',
          'the key shows its last use',
        );
        await screenshot(page, 'flow-owner-ingest-keys');
      } finally {
        await context.close();
      }
    },
  },
];
