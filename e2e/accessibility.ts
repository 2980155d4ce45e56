import { AxeBuilder } from '@axe-core/playwright';
import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { OUTPUT_DIR } from './portal';

/** WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Impacts that fail a scenario; minor and moderate ones are only recorded. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Parts of the example app that Trellis draws through Backstage's own core
 * components and cannot change. Only these selectors are left out of the
 * check; every rule still runs on the rest of the page.
 */
const UPSTREAM_EXCLUDES = [
  // @backstage/plugin-notifications' NotificationsSidebarItem: the link's
  // aria-label leaves out the text it shows (label-content-name-mismatch).
  'a[href="/notifications"][aria-label="Notifications"]',
  // @backstage/plugin-org's GroupProfileCard: the group's description in
  // Backstage UI's secondary text is below 4.5:1 on its dark card
  // (color-contrast).
  '.bui-CardBody > .bui-Text[data-color="secondary"]',
  // Backstage UI's header Tabs (react-aria) on the scaffolder page: link tabs
  // point aria-controls at a tab panel that is never rendered
  // (aria-valid-attr-value).
  'a.bui-Tab[role="tab"]',
];

const axeDir = path.join(OUTPUT_DIR, 'axe');

/**
 * Runs axe-core's WCAG 2 A/AA rules on the page as it is, writes the full
 * results to e2e/output/axe/<name>-<theme>.json and fails on any serious or
 * critical violation.
 */
export async function checkAccessibility(
  page: Page,
  name: string,
  theme: string,
) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_AA_TAGS);
  for (const selector of UPSTREAM_EXCLUDES) {
    builder = builder.exclude(selector);
  }
  const results = await builder.analyze();
  fs.mkdirSync(axeDir, { recursive: true });
  fs.writeFileSync(
    path.join(axeDir, `${name}-${theme}.json`),
    JSON.stringify(results, null, 2),
  );
  const failing = results.violations.filter(violation =>
    FAILING_IMPACTS.has(violation.impact ?? ''),
  );
  if (failing.length) {
    const lines = failing.map(
      violation =>
        `${violation.id} (${violation.impact}, ${
          violation.nodes.length
        } elements) at ${violation.nodes
          .slice(0, 3)
          .map(node => node.target.join(' '))
          .join(', ')} — ${violation.helpUrl}`,
    );
    throw new Error(
      `${name} (${theme} theme) has ${
        failing.length
      } serious or critical accessibility violations:\n${lines.join('\n')}`,
    );
  }
}
