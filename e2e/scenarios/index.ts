import type { Browser } from 'playwright-core';
import { demoMicroAppScenarios } from './demoMicroApp';
import { entityScenarios } from './entityPages';
import { exampleLifecycleScenarios } from './exampleLifecycle';
import { incidentScenarios } from './incidents';
import { injectionScenarios } from './injection';
import { marketplaceScenarios } from './marketplace';
import { pageShotScenarios } from './pageShots';
import { stewardDayScenarios } from './stewardDay';

export interface Scenario {
  name: string;
  run(browser: Browser): Promise<void>;
}

export const scenarios: Scenario[] = [
  ...marketplaceScenarios,
  ...entityScenarios,
  ...pageShotScenarios,
  ...injectionScenarios,
  ...demoMicroAppScenarios,
  // Before the steward's day, which decides on inbox rows.
  ...exampleLifecycleScenarios,
  ...stewardDayScenarios,
  // Last: they release a kill switch and close an incident.
  ...incidentScenarios,
];
