import type { ExampleMicroApp } from './exampleCatalog';

/** The micro-app that is not in the catalog: its spans become `unregistered_app` findings. */
export const SHADOW_APP_NAME = 'shadow-sql-helper';

/** The manifest the shadow app would have; it has none, so it declares nothing. */
export const SHADOW_APP: Omit<ExampleMicroApp, 'entityRef'> = {
  name: SHADOW_APP_NAME,
  namespace: 'default',
  type: 'assistant',
  lifecycle: 'production',
  reach: 'team',
  version: '0.0.1',
  pii: 'none',
  classifications: [],
  connectors: [],
  models: [],
  limits: {},
  egress: [],
  sourceFile: '',
};

/** Models the shadow app calls, with weights: it picked its own. */
export const SHADOW_APP_MODELS = [
  { id: 'openai-gpt-4o', weight: 0.85 },
  { id: 'google-gemini-2.5-flash', weight: 0.15 },
];

/** The shadow app's volume next to a registered app of the same type and reach. */
export const SHADOW_APP_VOLUME = 0.35;

/** Users of the shadow app: a few colleagues of whoever built it. */
export const SHADOW_APP_USERS = 5;
