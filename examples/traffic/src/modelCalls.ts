/* How model calls behave: their speed, provider names, failures and self-reported prices. */
import type { ExampleModel } from './exampleCatalog';

/** Time to first token (ms) and ms per output token, by model id. */
export function modelSpeed(model: string): {
  ttftMs: number;
  msPerToken: number;
} {
  if (/o4-mini/.test(model)) return { ttftMs: 1500, msPerToken: 12 };
  if (/mini/.test(model)) return { ttftMs: 350, msPerToken: 7 };
  if (/gpt-4\.1/.test(model)) return { ttftMs: 500, msPerToken: 14 };
  if (/sonnet/.test(model)) return { ttftMs: 700, msPerToken: 22 };
  if (/haiku/.test(model)) return { ttftMs: 400, msPerToken: 9 };
  if (/gpt-4o/.test(model)) return { ttftMs: 450, msPerToken: 11 };
  if (/flash/.test(model)) return { ttftMs: 300, msPerToken: 4 };
  if (/deepseek/.test(model)) return { ttftMs: 800, msPerToken: 25 };
  return { ttftMs: 500, msPerToken: 16 };
}

/** `gen_ai.provider.name`: the semantic-convention value where one exists, else the catalog's provider. */
const PROVIDER_NAMES: Record<string, string> = {
  'azure-openai': 'azure.ai.openai',
  'aws-bedrock': 'aws.bedrock',
  openai: 'openai',
  'google-ai-studio': 'gcp.gemini',
  'mistral-la-plateforme': 'mistral_ai',
  deepseek: 'deepseek',
};

/** `gen_ai.provider.name` of a model call. */
export function providerName(
  model: string,
  entry: ExampleModel | undefined,
): string {
  if (entry) return PROVIDER_NAMES[entry.provider] ?? entry.provider;
  return /hf|community/.test(model) ? 'huggingface' : 'unknown';
}

/** Price per million tokens (input and output) the apps report themselves for models outside the catalog. */
export const UNCATALOGUED_PRICE_PER_1M = 0.9;

/** Failures of a model call, with their relative frequency. */
export const MODEL_ERRORS = [
  { type: '429', message: 'Rate limit reached for requests', weight: 4 },
  { type: 'timeout', message: 'Request timed out', weight: 2 },
  {
    type: '500',
    message: 'The server had an error while processing the request',
    weight: 1.5,
  },
  { type: '503', message: 'The model is overloaded', weight: 1.5 },
];
