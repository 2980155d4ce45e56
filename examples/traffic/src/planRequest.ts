/* One request of an app: which model it calls, its tokens, how it ends and how long it takes. */
import type { AppProfile } from './appProfiles';
import type { ExampleModel } from './exampleCatalog';
import {
  MODEL_ERRORS,
  modelSpeed,
  providerName,
  UNCATALOGUED_PRICE_PER_1M,
} from './modelCalls';
import type { PlannedRequest } from './planTypes';
import { planPolicyEvent } from './policyEvents';
import type { SeededRandom } from './SeededRandom';

/** The token counts and finish reasons of a successful call. */
interface PlannedTokens {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  finishReasons: string[];
}

/**
 * Plans one request starting at `startMs`. Every value is drawn from
 * `random` in a fixed order, so the same stream gives the same request.
 */
export function planRequest(
  profile: AppProfile,
  random: SeededRandom,
  startMs: number,
  modelsById: ReadonlyMap<string, ExampleModel>,
): PlannedRequest {
  const model = pickModel(profile, random);
  const catalogEntry = modelsById.get(model);
  const tokens = planTokens(profile, catalogEntry, random);
  const request = describeRequest(
    profile,
    random,
    startMs,
    model,
    catalogEntry,
    tokens,
  );
  request.policy = planPolicyEvent(profile, random);
  planOutcome(request, profile, random);
  if (!catalogEntry && (request.inputTokens > 0 || request.outputTokens > 0)) {
    request.costUsd = Number(
      (
        ((request.inputTokens + request.outputTokens) *
          UNCATALOGUED_PRICE_PER_1M) /
        1_000_000
      ).toFixed(6),
    );
  }
  planDurations(request, random);
  return request;
}

/** Mostly a declared model; now and then the off-spec one, for apps that have one. */
function pickModel(profile: AppProfile, random: SeededRandom): string {
  return profile.offSpec && random.chance(profile.offSpec.rate)
    ? profile.offSpec.model
    : profile.models[random.weightedIndex(profile.models.map(m => m.weight))]
        .id;
}

/** Token counts by app type, kept under the manifest's `maxTokensPerRequest`. */
function planTokens(
  profile: AppProfile,
  catalogEntry: ExampleModel | undefined,
  random: SeededRandom,
): PlannedTokens {
  const { app, tokens } = profile;
  let inputTokens = Math.max(
    50,
    Math.round(
      random.logNormal(tokens.input * profile.inputScale, tokens.inputSigma),
    ),
  );
  let outputTokens = Math.max(
    1,
    Math.round(
      random.logNormal(
        tokens.output * Math.sqrt(profile.inputScale),
        tokens.outputSigma,
      ),
    ),
  );
  const finishReasons = ['stop'];
  if (profile.maxTokens && inputTokens + outputTokens > profile.maxTokens) {
    inputTokens = Math.max(
      50,
      Math.round(profile.maxTokens * random.between(0.7, 0.95)) - outputTokens,
    );
    if (inputTokens + outputTokens > profile.maxTokens) {
      outputTokens = Math.max(1, profile.maxTokens - inputTokens);
      finishReasons[0] = 'length';
    }
  } else if (random.chance(0.015)) {
    finishReasons[0] = 'length';
  } else if (
    (app.type === 'assistant' || app.type === 'automation') &&
    random.chance(0.08)
  ) {
    finishReasons[0] = 'tool_calls';
  }
  const cachedInputTokens = planCachedTokens(
    inputTokens,
    catalogEntry,
    tokens.cacheRate,
    random,
  );
  return { inputTokens, outputTokens, cachedInputTokens, finishReasons };
}

/** Prompt caching: only for models with a cached price and prompts long enough to cache. */
function planCachedTokens(
  inputTokens: number,
  catalogEntry: ExampleModel | undefined,
  cacheRate: number,
  random: SeededRandom,
): number {
  if (
    catalogEntry?.pricing.cachedInputPer1M !== undefined &&
    inputTokens >= 1280 &&
    random.chance(cacheRate)
  ) {
    return Math.max(1024, Math.round(inputTokens * random.between(0.3, 0.85)));
  }
  return 0;
}

/** The request as the app sees it before the call: who asks, with what, through which connector. */
function describeRequest(
  profile: AppProfile,
  random: SeededRandom,
  startMs: number,
  model: string,
  catalogEntry: ExampleModel | undefined,
  tokens: PlannedTokens,
): PlannedRequest {
  const { app, manifest } = profile;
  // A few users account for most of an app's use.
  const userIndex = Math.floor(
    profile.users.length * Math.pow(random.next(), 1.6),
  );
  const connectors = manifest?.connectors ?? [];
  return {
    startMs,
    durationMs: 0,
    llmOffsetMs: Math.round(
      random.between(5, app.type === 'extractor' ? 1500 : 250),
    ),
    llmDurationMs: 0,
    model,
    provider: providerName(model, catalogEntry),
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cachedInputTokens: tokens.cachedInputTokens,
    userId: profile.users[userIndex],
    promptHash: random.chance(0.7)
      ? random.pick(profile.promptHashes)
      : random.hex(32),
    finishReasons: tokens.finishReasons,
    connector:
      connectors.length > 0 && random.chance(0.8)
        ? random.pick(connectors).name
        : undefined,
  };
}

/** Failed calls use no tokens; a denied prompt injection gets no answer. */
function planOutcome(
  request: PlannedRequest,
  profile: AppProfile,
  random: SeededRandom,
): void {
  if (request.policy?.violation === 'quota_exceeded') {
    request.error = {
      type: '429',
      message: 'Requests per minute over the limit declared in the manifest',
    };
  } else if (random.chance(profile.errorRate)) {
    const error =
      MODEL_ERRORS[random.weightedIndex(MODEL_ERRORS.map(e => e.weight))];
    request.error = { type: error.type, message: error.message };
  }
  if (request.error) {
    request.inputTokens = 0;
    request.outputTokens = 0;
    request.cachedInputTokens = 0;
    request.finishReasons = [];
  } else if (
    request.policy?.violation === 'prompt_injection' &&
    request.policy.attributes['trellis.policy.decision'] === 'deny'
  ) {
    request.outputTokens = 0;
    request.finishReasons = ['content_filter'];
  }
}

/** The model call's duration from the model's speed and the tokens; the request's around it. */
function planDurations(request: PlannedRequest, random: SeededRandom): void {
  const speed = modelSpeed(request.model);
  if (request.error?.type === 'timeout') {
    request.llmDurationMs = Math.round(random.between(30_000, 60_000));
  } else if (request.error) {
    request.llmDurationMs = Math.round(random.between(40, 600));
  } else {
    const expectedMs =
      speed.ttftMs +
      speed.msPerToken * request.outputTokens +
      request.inputTokens * 0.025;
    request.llmDurationMs = Math.round(random.logNormal(expectedMs, 0.35));
  }
  request.durationMs =
    request.llmOffsetMs +
    request.llmDurationMs +
    Math.round(random.between(3, 120));
}
