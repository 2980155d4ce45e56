/*
 * Browser tests: Playwright drives Debian's Chromium against the running
 * example portal (built app served by the backend, SQLite, example data and
 * seeded telemetry). Screenshots of every page, in both themes and at
 * 1280×800 and 1920×1080, land in e2e/output/screenshots.
 *
 *   npm run test:e2e
 *   E2E_ONLY=<text> npm run test:e2e   (only the scenarios whose name contains it)
 */
import fs from 'fs';
import { CHROMIUM, launchBrowser } from './browser';
import { BASE_URL, ensureAppBuilt, startPortal } from './portal';
import { scenarios as allScenarios } from './scenarios';

const scenarios = allScenarios.filter(scenario =>
  scenario.name.includes(process.env.E2E_ONLY ?? ''),
);

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  ensureAppBuilt();
  console.log(`Starting the example portal on ${BASE_URL} …`);
  const started = Date.now();
  const portal = await startPortal();
  console.log(
    `Portal ready with example telemetry in ${Math.round(
      (Date.now() - started) / 1000,
    )} s`,
  );
  const browser = await launchBrowser();
  const failures: string[] = [];
  try {
    for (const scenario of scenarios) {
      const t0 = Date.now();
      try {
        await scenario.run(browser);
        console.log(`  ✓ ${scenario.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failures.push(scenario.name);
        console.log(
          `  ✕ ${scenario.name}\n    ${String((error as Error)?.stack ?? error)
            .split('\n')
            .slice(0, 6)
            .join('\n    ')}`,
        );
      }
    }
  } finally {
    await browser.close();
    await portal.stop();
  }
  console.log(
    `${scenarios.length - failures.length} of ${
      scenarios.length
    } browser scenarios passed; screenshots in e2e/output/screenshots`,
  );
  process.exit(failures.length ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
