import type { Browser } from 'playwright-core';
import { marketplaceScenarios } from './marketplace';

export interface Scenario {
  name: string;
  run(browser: Browser): Promise<void>;
}

export const scenarios: Scenario[] = [...marketplaceScenarios];
