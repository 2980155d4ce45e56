/* How much an app is used, and when: volumes, token sizes, user pools and hours of the day. */

/** Requests per weekday for an app in production, by reach. */
export const BASE_DAILY_REQUESTS: Record<string, number> = {
  'single-user': 5,
  team: 26,
  'org-wide': 65,
  external: 95,
};

/** Token sizes and volume of one type of app. */
export interface TokenProfile {
  input: number;
  inputSigma: number;
  output: number;
  outputSigma: number;
  cacheRate: number;
  volume: number;
}

/** Token sizes by app type: extractors read long documents, classifiers answer in a word. */
export const TOKEN_PROFILES: Record<string, TokenProfile> = {
  extractor: {
    input: 8000,
    inputSigma: 0.5,
    output: 900,
    outputSigma: 0.45,
    cacheRate: 0.3,
    volume: 1.2,
  },
  classifier: {
    input: 1600,
    inputSigma: 0.35,
    output: 30,
    outputSigma: 0.4,
    cacheRate: 0.55,
    volume: 1.5,
  },
  summarizer: {
    input: 7000,
    inputSigma: 0.55,
    output: 550,
    outputSigma: 0.35,
    cacheRate: 0.2,
    volume: 0.6,
  },
  assistant: {
    input: 2600,
    inputSigma: 0.6,
    output: 420,
    outputSigma: 0.55,
    cacheRate: 0.45,
    volume: 1,
  },
  automation: {
    input: 3500,
    inputSigma: 0.5,
    output: 650,
    outputSigma: 0.5,
    cacheRate: 0.35,
    volume: 1.1,
  },
  dashboard: {
    input: 4500,
    inputSigma: 0.4,
    output: 300,
    outputSigma: 0.4,
    cacheRate: 0.5,
    volume: 0.8,
  },
  other: {
    input: 1400,
    inputSigma: 0.5,
    output: 900,
    outputSigma: 0.5,
    cacheRate: 0.2,
    volume: 0.6,
  },
};

/** Users an app sees, by reach. */
export const USER_POOL_SIZE: Record<string, number> = {
  'single-user': 1,
  team: 14,
  'org-wide': 180,
  external: 900,
};

/** Relative traffic per UTC hour for internal users (European and American office hours). */
export const OFFICE_HOURS = [
  0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.2, 2.2, 2.8, 3, 2.8, 2.2, 2.6, 2.8,
  2.6, 2.2, 1.6, 1, 0.7, 0.5, 0.4, 0.3, 0.25,
];
/** External users: flatter. */
export const AROUND_THE_CLOCK = OFFICE_HOURS.map(w => 0.5 * w + 0.6);
