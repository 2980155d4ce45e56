import type { Browser } from 'playwright-core';
import { screenshotEverywhere } from '../browser';

const APP = '/catalog/default/microapp/invoice-field-extractor';

/** Every Trellis page, in both themes at both sizes: no sideways scrolling, and a picture to look at. */
const pages = [
  {
    name: 'costs-page',
    user: 'alice',
    path: '/microapps/costs',
    ready: '.recharts-surface',
  },
  {
    name: 'steward-inbox',
    user: 'maya',
    path: '/microapps/reviews',
    ready: 'table tbody tr',
  },
  { name: 'app-overview', user: 'alice', path: APP, ready: 'text=Trust' },
  {
    name: 'app-governance',
    user: 'maya',
    path: `${APP}/governance`,
    ready: 'text=Approval badges',
  },
  {
    name: 'app-cost',
    user: 'alice',
    path: `${APP}/cost`,
    ready: '.recharts-surface',
  },
  {
    name: 'app-policy',
    user: 'sam',
    path: `${APP}/policy`,
    ready: '.recharts-surface',
  },
  {
    name: 'group-page',
    user: 'alice',
    path: '/catalog/default/group/finance-ops',
    ready: 'text=invoice',
  },
  {
    name: 'template-risk-preview',
    user: 'alice',
    path: '/create/templates/default/microapp-summarizer',
    ready: 'form',
  },
];

export const pageShotScenarios = pages.map(({ name, user, path, ready }) => ({
  name: `${name} looks right in both themes at both sizes`,
  run: (browser: Browser) =>
    screenshotEverywhere(browser, {
      user,
      path,
      name,
      ready: page => page.locator(ready).first().waitFor({ timeout: 30_000 }),
    }),
}));
