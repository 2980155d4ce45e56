import type { ExampleMicroApp, ExampleModel } from './exampleCatalog';
import { SeededRandom } from './SeededRandom';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The micro-app that is not in the catalog: its spans become `unregistered_app` findings. */
export const SHADOW_APP_NAME = 'shadow-sql-helper';

/** Violation types the plan reports itself (the receiver derives the model and budget ones). */
export type PlannedViolation =
  | 'pii_detected'
  | 'prompt_injection'
  | 'egress_blocked'
  | 'quota_exceeded';

/**
 * How an app reports policy events: Trellis `trellis.policy` span events, an
 * OpenLIT guard span (`guard.*`), or a GenAI guardrail span (`gen_ai.guardrail.*`).
 */
export type PolicyEventStyle = 'trellis' | 'openlit' | 'gen_ai.guardrail';

/** A policy event attached to one request. */
export interface PlannedPolicyEvent {
  violation: PlannedViolation;
  style: PolicyEventStyle;
  /** For `trellis`: the attributes of the `trellis.policy` span event; otherwise the guard span's attributes. */
  attributes: Record<string, string | number>;
  /** The guard span's name, for the `openlit` and `gen_ai.guardrail` styles. */
  spanName?: string;
}

/** One request of one micro-app: a SERVER span with a CLIENT `chat <model>` child. */
export interface PlannedRequest {
  /** Start of the SERVER span, epoch milliseconds. */
  startMs: number;
  durationMs: number;
  /** Where the model call starts, relative to `startMs`. */
  llmOffsetMs: number;
  llmDurationMs: number;
  /** The model called: `gen_ai.request.model` and `gen_ai.response.model`. */
  model: string;
  /** `gen_ai.provider.name`. */
  provider: string;
  /** Includes `cachedInputTokens`, as `gen_ai.usage.input_tokens` does. */
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Set only for models outside the catalog, whose price the receiver cannot know (`gen_ai.usage.cost`). */
  costUsd?: number;
  /** `enduser.id`. */
  userId: string;
  /** `trellis.prompt.hash`: random hex, never prompt text. */
  promptHash: string;
  finishReasons: string[];
  /** Failed requests: span status ERROR and `error.type`. */
  error?: { type: string; message: string };
  /** `trellis.connector`, when the app reads from or writes to a connector. */
  connector?: string;
  policy?: PlannedPolicyEvent;
}

/** Why an app's traffic looks the way it does, beyond its manifest. */
export type PlannedAppRole =
  | 'budget-overrun'
  | 'shadow'
  | 'undeclared-model'
  | 'prohibited-model'
  | 'openlit-guard'
  | 'genai-guardrail';

/** A micro-app in the plan. */
export interface PlannedApp {
  name: string;
  /** `microapp:default/<name>`; absent for the shadow app. */
  entityRef?: string;
  /** Whether the app is in the example catalog. */
  registered: boolean;
  type: string;
  lifecycle: string;
  reach: string;
  version?: string;
  template?: string;
  declaredModels: string[];
  monthlyBudgetUsd?: number;
  /** OpenTelemetry resource attributes the app's traces carry. */
  resourceAttributes: Record<string, string>;
  roles: PlannedAppRole[];
  /** No traffic before this instant (drafts start late). */
  activeFromMs: number;
  /** No traffic after this instant (decommissioned apps stop). */
  activeUntilMs: number;
}

/** Options for {@link planTraffic}. */
export interface TrafficPlanOptions {
  apps: readonly ExampleMicroApp[];
  models: readonly ExampleModel[];
  /** The end of the window; no span starts after it. Default: the current time. */
  now?: Date;
  /** Whole days of history before today. Default 60. */
  days?: number;
  /** Default `trellis`. The same seed and `now` give the same plan. */
  seed?: string | number;
  /** Multiplies every app's volume. Default 1 (about 30,000 GenAI spans for 60 days). */
  scale?: number;
  /**
   * The app whose current-month volume is raised until it is over its
   * `monthlyBudgetUsd`; `false` for none. Default: the production or canary
   * app that needs the fewest extra requests to get there.
   */
  budgetApp?: string | false;
  /** The month-to-date cost the budget app reaches, as a multiple of its budget. Default 1.3. */
  budgetOverrunFactor?: number;
}

/** A deterministic plan of backdated traffic. Requests are produced one app and day at a time. */
export interface TrafficPlan {
  seed: string;
  scale: number;
  /** Start of the first day (UTC midnight, `days` days before today). */
  from: Date;
  now: Date;
  /** Days in the window: `days` whole days plus today up to `now`. */
  dayCount: number;
  apps: PlannedApp[];
  /** The app pushed over its budget this month, with its planned month-to-date cost (catalog prices). */
  budgetOverrun?: {
    app: string;
    budgetUsd: number;
    monthToDateCostUsd: number;
  };
  /** UTC midnight of a day of the window, epoch milliseconds. */
  dayStartMs(day: number): number;
  /** The requests of one app on one day (0 = first day), sorted by start time. */
  requestsFor(app: PlannedApp, day: number): PlannedRequest[];
}

// ---------------------------------------------------------------------------
// Shapes of traffic

/** Requests per weekday for an app in production, by reach. */
const BASE_DAILY_REQUESTS: Record<string, number> = {
  'single-user': 5,
  team: 26,
  'org-wide': 65,
  external: 95,
};

/** Token sizes by app type: extractors read long documents, classifiers answer in a word. */
const TOKEN_PROFILES: Record<
  string,
  {
    input: number;
    inputSigma: number;
    output: number;
    outputSigma: number;
    cacheRate: number;
    volume: number;
  }
> = {
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
const USER_POOL_SIZE: Record<string, number> = {
  'single-user': 1,
  team: 14,
  'org-wide': 180,
  external: 900,
};

/** Relative traffic per UTC hour for internal users (European and American office hours). */
const OFFICE_HOURS = [
  0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.2, 2.2, 2.8, 3, 2.8, 2.2, 2.6, 2.8,
  2.6, 2.2, 1.6, 1, 0.7, 0.5, 0.4, 0.3, 0.25,
];
/** External users: flatter. */
const AROUND_THE_CLOCK = OFFICE_HOURS.map(w => 0.5 * w + 0.6);

/** Time to first token (ms) and ms per output token, by model id. */
function modelSpeed(model: string): { ttftMs: number; msPerToken: number } {
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
function providerName(model: string, entry: ExampleModel | undefined): string {
  if (entry) return PROVIDER_NAMES[entry.provider] ?? entry.provider;
  return /hf|community/.test(model) ? 'huggingface' : 'unknown';
}

/** Share of requests where a guard finds personal data, by the manifest's `data.pii`. */
const PII_EVENT_RATES: Record<string, number> = {
  raw: 0.012,
  masked: 0.006,
  none: 0.001,
};

/** Price per million tokens (input and output) the apps report themselves for models outside the catalog. */
const UNCATALOGUED_PRICE_PER_1M = 0.9;

/**
 * Apps that now and then call a model their manifest does not declare
 * (→ `undeclared_model`; a restricted model in production also gives
 * `unapproved_model`, a prohibited one `prohibited_model`).
 */
const OFF_SPEC_MODELS: Record<
  string,
  { model: string; rate: number; role: PlannedAppRole }
> = {
  'campaign-copy-assistant': {
    model: 'openai-gpt-4o',
    rate: 0.02,
    role: 'undeclared-model',
  },
  'rfp-response-drafter': {
    model: 'google-gemini-2.5-flash',
    rate: 0.03,
    role: 'undeclared-model',
  },
  'ticket-triage-classifier': {
    model: 'azure-gpt-4.1-mini',
    rate: 0.01,
    role: 'undeclared-model',
  },
  'social-post-classifier': {
    model: 'deepseek-chat',
    rate: 0.05,
    role: 'prohibited-model',
  },
};

/** Apps whose guard reports in another convention than `trellis.policy`. */
const GUARD_STYLES: Record<string, PolicyEventStyle> = {
  'benefits-faq-assistant': 'openlit',
  'customer-reply-assistant': 'gen_ai.guardrail',
};

/** Hosts an app tries to reach that its egress list does not allow. */
const BLOCKED_HOSTS = [
  'pastebin.com',
  'webhook.site',
  'api.openai.com',
  'drive.google.com',
  'transfer.sh',
  'hooks.slack.com',
];

const PII_RULES = [
  'pii/email-address',
  'pii/phone-number',
  'pii/iban',
  'pii/national-id',
  'pii/home-address',
];
const INJECTION_RULES = [
  'prompt-shield/jailbreak',
  'prompt-shield/indirect-injection',
  'prompt-shield/system-prompt-leak',
];

const ERRORS = [
  { type: '429', message: 'Rate limit reached for requests', weight: 4 },
  { type: 'timeout', message: 'Request timed out', weight: 2 },
  {
    type: '500',
    message: 'The server had an error while processing the request',
    weight: 1.5,
  },
  { type: '503', message: 'The model is overloaded', weight: 1.5 },
];

// ---------------------------------------------------------------------------

interface AppProfile {
  app: PlannedApp;
  manifest?: ExampleMicroApp;
  baseDaily: number;
  /** Models called, with weights. */
  models: Array<{ id: string; weight: number }>;
  offSpec?: { model: string; rate: number };
  guardStyle: PolicyEventStyle;
  tokens: (typeof TOKEN_PROFILES)[string];
  inputScale: number;
  maxTokens?: number;
  users: string[];
  promptHashes: string[];
  hours: number[];
  weekday: number[];
  trendSlope: number;
  /** Canary apps were in sandbox until this instant. */
  promotedAtMs?: number;
  errorRate: number;
  /** Multiplier for the days of the current month (the budget app). */
  currentMonthBoost: number;
}

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, value));
const utcMidnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const monthStartMs = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Cost of one request at catalog prices (cached input at the cached price), or the cost the span reports. */
export function requestCostUsd(
  request: PlannedRequest,
  modelsById: ReadonlyMap<string, ExampleModel>,
): number {
  if (request.costUsd !== undefined) return request.costUsd;
  const pricing = modelsById.get(request.model)?.pricing;
  if (!pricing) return 0;
  const uncached = request.inputTokens - request.cachedInputTokens;
  return (
    (uncached * pricing.inputPer1M +
      request.cachedInputTokens *
        (pricing.cachedInputPer1M ?? pricing.inputPer1M) +
      request.outputTokens * pricing.outputPer1M) /
    1_000_000
  );
}

/**
 * Plans backdated traffic for the example micro-apps and one shadow app.
 * Pure and deterministic: the same options give the same requests.
 *
 * Rules: every app that is not a draft has traffic on every day it is
 * active, at least one request a day; production, canary and sandbox apps are
 * active over the whole window; decommissioned apps stop between a third and
 * a half of the way through it (and before the current month); drafts only
 * appear in the last two or three weeks, on some days.
 */
export function planTraffic(options: TrafficPlanOptions): TrafficPlan {
  const seed = String(options.seed ?? 'trellis');
  const scale = options.scale ?? 1;
  const days = Math.max(1, Math.floor(options.days ?? 60));
  const nowMs = (options.now ?? new Date()).getTime();
  const fromMs = utcMidnight(nowMs) - days * DAY_MS;
  const dayCount = days + 1;
  const windowMs = nowMs - fromMs;
  const modelsById = new Map(options.models.map(m => [m.id, m]));
  const fallbackModel =
    options.models.find(m => m.status === 'approved')?.id ?? 'unknown-model';
  const employees = Array.from(
    { length: 1200 },
    (_, i) => `emp-${SeededRandom.forKey(seed, 'employee', i).hex(4)}`,
  );
  const currentMonthMs = monthStartMs(nowMs);

  const profiles = new Map<string, AppProfile>();

  const makeProfile = (
    manifest: ExampleMicroApp | undefined,
    shadow?: Omit<ExampleMicroApp, 'entityRef'>,
  ): AppProfile => {
    const spec = (manifest ?? shadow)!;
    const random = SeededRandom.forKey(seed, spec.name, 'profile');
    const roles: PlannedAppRole[] = [];
    const offSpec = OFF_SPEC_MODELS[spec.name];
    if (offSpec && !spec.models.includes(offSpec.model))
      roles.push(offSpec.role);
    const guardStyle = GUARD_STYLES[spec.name] ?? 'trellis';
    if (guardStyle === 'openlit') roles.push('openlit-guard');
    if (guardStyle === 'gen_ai.guardrail') roles.push('genai-guardrail');
    if (!manifest) roles.push('shadow');

    let activeFromMs = fromMs;
    let activeUntilMs = nowMs;
    let promotedAtMs: number | undefined;
    if (spec.lifecycle === 'draft') {
      activeFromMs = utcMidnight(nowMs) - random.int(8, 20) * DAY_MS;
    } else if (spec.lifecycle === 'decommissioned') {
      const stop = utcMidnight(fromMs + windowMs * random.between(0.33, 0.5));
      activeUntilMs = Math.max(
        fromMs + 7 * DAY_MS,
        Math.min(stop, currentMonthMs),
      );
    } else if (spec.lifecycle === 'canary') {
      promotedAtMs = utcMidnight(fromMs + windowMs * random.between(0.3, 0.65));
    }

    const declared = spec.models.length > 0 ? spec.models : [fallbackModel];
    const models = declared.map((id, i) => ({
      id,
      weight: i === 0 ? 0.72 : 0.28 / (declared.length - 1),
    }));
    const external = spec.reach === 'external';
    const tokens = TOKEN_PROFILES[spec.type] ?? TOKEN_PROFILES.other;
    const maxTokens = spec.limits.maxTokensPerRequest;
    const poolSize = manifest ? USER_POOL_SIZE[spec.reach] ?? 14 : 5;
    const poolStart = random.int(0, employees.length - 1);
    const users = Array.from({ length: poolSize }, (_, i) =>
      external
        ? `cust-${SeededRandom.forKey(seed, spec.name, 'customer', i).hex(5)}`
        : employees[(poolStart + i * 7) % employees.length],
    );
    let weekend = random.between(0.15, 0.3);
    if (external) weekend = 0.75;
    else if (spec.type === 'automation') weekend = 0.6;

    return {
      app: {
        name: spec.name,
        entityRef: manifest?.entityRef,
        registered: Boolean(manifest),
        type: spec.type,
        lifecycle: spec.lifecycle,
        reach: spec.reach,
        version: spec.version,
        template: spec.template,
        declaredModels: manifest ? [...spec.models] : [],
        monthlyBudgetUsd: manifest ? spec.limits.monthlyBudgetUsd : undefined,
        resourceAttributes: {
          'service.name': spec.name,
          ...(spec.version ? { 'service.version': spec.version } : {}),
          ...(manifest ? { 'trellis.microapp.ref': manifest.entityRef } : {}),
          'deployment.environment.name':
            spec.lifecycle === 'production' ? 'production' : spec.lifecycle,
        },
        roles,
        activeFromMs,
        activeUntilMs,
      },
      manifest,
      baseDaily:
        (BASE_DAILY_REQUESTS[spec.reach] ?? 20) *
        tokens.volume *
        (manifest ? 1 : 0.35),
      models: manifest
        ? models
        : [
            { id: 'openai-gpt-4o', weight: 0.85 },
            { id: 'google-gemini-2.5-flash', weight: 0.15 },
          ],
      offSpec:
        offSpec && !spec.models.includes(offSpec.model) ? offSpec : undefined,
      guardStyle,
      tokens,
      inputScale: maxTokens ? clamp(maxTokens / 12000, 0.4, 2.5) : 1,
      maxTokens,
      users,
      promptHashes: Array.from({ length: 24 }, () => random.hex(32)),
      hours: external ? AROUND_THE_CLOCK : OFFICE_HOURS,
      weekday: [weekend * 0.8, 1, 1.05, 1.05, 1, 0.9, weekend],
      trendSlope:
        spec.lifecycle === 'production'
          ? random.between(0, 0.3)
          : random.between(-0.1, 0.35),
      promotedAtMs,
      errorRate: ['draft', 'sandbox'].includes(spec.lifecycle) ? 0.035 : 0.012,
      currentMonthBoost: 1,
    };
  };

  for (const manifest of options.apps)
    profiles.set(manifest.name, makeProfile(manifest));
  if (!profiles.has(SHADOW_APP_NAME)) {
    profiles.set(
      SHADOW_APP_NAME,
      makeProfile(undefined, {
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
      }),
    );
  }

  const dayStartMs = (day: number) => fromMs + day * DAY_MS;

  /** Expected volume of an app on a day, before noise. */
  const expectedRequests = (profile: AppProfile, day: number): number => {
    const { app } = profile;
    const start = dayStartMs(day);
    const end = Math.min(start + DAY_MS, nowMs);
    if (end <= app.activeFromMs || start >= app.activeUntilMs) return 0;
    let lifecycle = 1;
    switch (app.lifecycle) {
      case 'draft':
        lifecycle = 0.08;
        break;
      case 'sandbox':
        lifecycle = 0.15;
        break;
      case 'canary':
        lifecycle = start >= profile.promotedAtMs! ? 0.5 : 0.15;
        break;
      case 'decommissioned': {
        // Use dwindles before the app is switched off.
        const progress =
          (start - fromMs) / Math.max(DAY_MS, app.activeUntilMs - fromMs);
        lifecycle = 0.7 - 0.45 * Math.min(1, progress);
        break;
      }
      default:
        lifecycle = 1;
    }
    const t = (start - fromMs) / windowMs;
    const trend = 1 + profile.trendSlope * (t - 0.5);
    const weekday = profile.weekday[new Date(start).getUTCDay()];
    const boost = start >= currentMonthMs ? profile.currentMonthBoost : 1;
    // Only part of today (and of a day an app starts or stops) has happened.
    const hoursFrom = Math.max(0, (app.activeFromMs - start) / HOUR_MS);
    const hoursTo = Math.min(
      24,
      (Math.min(end, app.activeUntilMs) - start) / HOUR_MS,
    );
    const share = hourShare(profile.hours, hoursFrom, hoursTo);
    return (
      profile.baseDaily * scale * lifecycle * trend * weekday * boost * share
    );
  };

  const planPolicyEvent = (
    profile: AppProfile,
    random: SeededRandom,
  ): PlannedPolicyEvent | undefined => {
    const { app, manifest } = profile;
    if (!manifest) return undefined;
    const pii = manifest.pii;
    const piiRate = PII_EVENT_RATES[pii] ?? PII_EVENT_RATES.none;
    const injectionRate =
      app.type === 'assistant' || app.reach === 'external' ? 0.004 : 0.0005;
    const egressRate =
      app.type === 'automation' ||
      manifest.connectors.some(c => c.exposure === 'third-party')
        ? 0.002
        : 0;
    const quotaRate = manifest.limits.requestsPerMinute ? 0.0015 : 0;
    const r = random.next();
    let violation: PlannedViolation | undefined;
    if (r < piiRate) violation = 'pii_detected';
    else if (r < piiRate + injectionRate) violation = 'prompt_injection';
    else if (r < piiRate + injectionRate + egressRate)
      violation = 'egress_blocked';
    else if (r < piiRate + injectionRate + egressRate + quotaRate)
      violation = 'quota_exceeded';
    if (!violation) return undefined;

    const contentGuard =
      violation === 'pii_detected' || violation === 'prompt_injection';
    if (contentGuard && profile.guardStyle === 'openlit') {
      const injection = violation === 'prompt_injection';
      return {
        violation,
        style: 'openlit',
        spanName: injection
          ? 'guard prompt_injection'
          : 'guard sensitive_topic',
        attributes: {
          'guard.verdict': 'yes',
          'guard.classification': injection
            ? random.pick([
                'instruction_override',
                'impersonation',
                'obfuscation',
              ])
            : 'personal_information',
          'guard.score': Number(random.between(0.72, 0.99).toFixed(2)),
          'guard.validator': injection ? 'prompt_injection' : 'sensitive_topic',
        },
      };
    }
    if (contentGuard && profile.guardStyle === 'gen_ai.guardrail') {
      const name =
        violation === 'prompt_injection'
          ? 'jailbreak-detection'
          : 'pii-detection';
      return {
        violation,
        style: 'gen_ai.guardrail',
        spanName: `apply_guardrail ${name}`,
        attributes: {
          'gen_ai.guardrail.name': name,
          'gen_ai.guardrail.status': 'FAILED',
        },
      };
    }

    const attributes: Record<string, string | number> = {
      'trellis.policy.violation': violation,
    };
    switch (violation) {
      case 'pii_detected':
        attributes['trellis.policy.decision'] =
          pii === 'raw' ? 'warn' : 'redact';
        attributes['trellis.policy.rule'] = random.pick(PII_RULES);
        break;
      case 'prompt_injection':
        attributes['trellis.policy.decision'] = random.chance(0.85)
          ? 'deny'
          : 'warn';
        attributes['trellis.policy.rule'] = random.pick(INJECTION_RULES);
        break;
      case 'egress_blocked': {
        attributes['trellis.policy.decision'] = 'deny';
        attributes['trellis.policy.rule'] = 'egress/allowlist';
        const hosts = BLOCKED_HOSTS.filter(h => !manifest.egress.includes(h));
        attributes['server.address'] = random.pick(
          hosts.length > 0 ? hosts : BLOCKED_HOSTS,
        );
        break;
      }
      case 'quota_exceeded':
        attributes['trellis.policy.decision'] = 'deny';
        attributes['trellis.policy.rule'] = 'quota/requests-per-minute';
        break;
      default:
    }
    return { violation, style: 'trellis', attributes };
  };

  const makeRequest = (
    profile: AppProfile,
    random: SeededRandom,
    startMs: number,
  ): PlannedRequest => {
    const { app, tokens, manifest } = profile;
    const model =
      profile.offSpec && random.chance(profile.offSpec.rate)
        ? profile.offSpec.model
        : profile.models[
            random.weightedIndex(profile.models.map(m => m.weight))
          ].id;
    const catalogEntry = modelsById.get(model);
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
        Math.round(profile.maxTokens * random.between(0.7, 0.95)) -
          outputTokens,
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
    let cachedInputTokens = 0;
    if (
      catalogEntry?.pricing.cachedInputPer1M !== undefined &&
      inputTokens >= 1280 &&
      random.chance(tokens.cacheRate)
    ) {
      cachedInputTokens = Math.max(
        1024,
        Math.round(inputTokens * random.between(0.3, 0.85)),
      );
    }

    const userIndex = Math.floor(
      profile.users.length * Math.pow(random.next(), 1.6),
    );
    const connectors = manifest?.connectors ?? [];
    const request: PlannedRequest = {
      startMs,
      durationMs: 0,
      llmOffsetMs: Math.round(
        random.between(5, app.type === 'extractor' ? 1500 : 250),
      ),
      llmDurationMs: 0,
      model,
      provider: providerName(model, catalogEntry),
      inputTokens,
      outputTokens,
      cachedInputTokens,
      userId: profile.users[userIndex],
      promptHash: random.chance(0.7)
        ? random.pick(profile.promptHashes)
        : random.hex(32),
      finishReasons,
      connector:
        connectors.length > 0 && random.chance(0.8)
          ? random.pick(connectors).name
          : undefined,
    };

    request.policy = planPolicyEvent(profile, random);
    if (request.policy?.violation === 'quota_exceeded') {
      request.error = {
        type: '429',
        message: 'Requests per minute over the limit declared in the manifest',
      };
    } else if (random.chance(profile.errorRate)) {
      const error = ERRORS[random.weightedIndex(ERRORS.map(e => e.weight))];
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
    if (
      !catalogEntry &&
      (request.inputTokens > 0 || request.outputTokens > 0)
    ) {
      request.costUsd = Number(
        (
          ((request.inputTokens + request.outputTokens) *
            UNCATALOGUED_PRICE_PER_1M) /
          1_000_000
        ).toFixed(6),
      );
    }

    const speed = modelSpeed(model);
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
    return request;
  };

  const generateDay = (profile: AppProfile, day: number): PlannedRequest[] => {
    const { app } = profile;
    const expected = expectedRequests(profile, day);
    if (expected <= 0) return [];
    const start = dayStartMs(day);
    const boost = start >= currentMonthMs ? profile.currentMonthBoost : 1;
    const random = SeededRandom.forKey(seed, app.name, day, boost, 'requests');
    let count = random.poisson(expected * random.logNormal(1, 0.22));
    if (app.lifecycle !== 'draft') count = Math.max(1, count);
    const windowFrom = Math.max(start, app.activeFromMs);
    const windowTo = Math.min(start + DAY_MS, nowMs, app.activeUntilMs);
    const requests: PlannedRequest[] = [];
    for (let i = 0; i < count; i++) {
      const request = makeRequest(
        profile,
        random,
        sampleTime(random, profile.hours, start, windowFrom, windowTo),
      );
      // Nothing ends after `now`.
      if (request.startMs + request.durationMs > nowMs) {
        request.startMs = Math.max(windowFrom, nowMs - request.durationMs);
      }
      requests.push(request);
    }
    return requests.sort((a, b) => a.startMs - b.startMs);
  };

  // Keep every app under its budget by a margin, except the one that is meant to go over.
  const currentMonthDays = Array.from({ length: dayCount }, (_, d) => d).filter(
    d => dayStartMs(d) >= currentMonthMs,
  );
  const monthToDateCost = (profile: AppProfile) =>
    currentMonthDays.reduce(
      (sum, day) =>
        sum +
        generateDay(profile, day).reduce(
          (s, r) => s + requestCostUsd(r, modelsById),
          0,
        ),
      0,
    );
  const expectedCostPerRequest = (profile: AppProfile) =>
    profile.models.reduce((sum, { id, weight }) => {
      const pricing = modelsById.get(id)?.pricing;
      if (!pricing) return sum;
      const input = profile.tokens.input * profile.inputScale;
      const output = profile.tokens.output * Math.sqrt(profile.inputScale);
      return (
        sum +
        (weight * (input * pricing.inputPer1M + output * pricing.outputPer1M)) /
          1_000_000
      );
    }, 0);

  const budgetCandidates = [...profiles.values()].filter(
    p =>
      p.manifest &&
      (p.app.lifecycle === 'production' || p.app.lifecycle === 'canary') &&
      (p.app.monthlyBudgetUsd ?? 0) > 0 &&
      p.models.every(m => modelsById.has(m.id)),
  );
  let budgetProfile: AppProfile | undefined;
  if (options.budgetApp !== false) {
    if (typeof options.budgetApp === 'string') {
      budgetProfile = profiles.get(options.budgetApp);
      if (!budgetProfile?.app.monthlyBudgetUsd) {
        throw new Error(
          `The budget app ${options.budgetApp} is not an example micro-app with spec.limits.monthlyBudgetUsd`,
        );
      }
    } else {
      // The app that needs the fewest requests to spend its budget.
      budgetProfile = budgetCandidates
        .map(p => ({
          p,
          requests:
            p.app.monthlyBudgetUsd! / Math.max(1e-9, expectedCostPerRequest(p)),
        }))
        .sort(
          (a, b) =>
            a.requests - b.requests || a.p.app.name.localeCompare(b.p.app.name),
        )[0]?.p;
    }
  }

  for (const profile of profiles.values()) {
    const budget = profile.app.monthlyBudgetUsd;
    if (profile === budgetProfile || !budget || budget <= 0) continue;
    const peakDaily =
      profile.baseDaily * scale * (1 + Math.abs(profile.trendSlope) / 2) * 1.25;
    const monthly = peakDaily * 31 * expectedCostPerRequest(profile);
    if (monthly > 0.6 * budget) profile.baseDaily *= (0.6 * budget) / monthly;
  }

  let budgetOverrun: TrafficPlan['budgetOverrun'];
  if (budgetProfile) {
    const budgetUsd = budgetProfile.app.monthlyBudgetUsd!;
    const target = budgetUsd * (options.budgetOverrunFactor ?? 1.3);
    let cost = monthToDateCost(budgetProfile);
    for (let i = 0; i < 40 && cost < target; i++) {
      const factor = cost > 0 ? clamp((target / cost) * 1.05, 1.05, 50) : 50;
      budgetProfile.currentMonthBoost = Number(
        (budgetProfile.currentMonthBoost * factor).toFixed(4),
      );
      cost = monthToDateCost(budgetProfile);
    }
    budgetProfile.app.roles.push('budget-overrun');
    budgetOverrun = {
      app: budgetProfile.app.name,
      budgetUsd,
      monthToDateCostUsd: Number(cost.toFixed(2)),
    };
  }

  return {
    seed,
    scale,
    from: new Date(fromMs),
    now: new Date(nowMs),
    dayCount,
    apps: [...profiles.values()].map(p => p.app),
    budgetOverrun,
    dayStartMs,
    requestsFor(app, day) {
      const profile = profiles.get(app.name);
      if (!profile || day < 0 || day >= dayCount) return [];
      return generateDay(profile, day);
    },
  };
}

/** Share of a day's traffic between two hours (fractional), given hourly weights. */
function hourShare(
  hours: readonly number[],
  fromHour: number,
  toHour: number,
): number {
  if (toHour <= fromHour) return 0;
  const total = hours.reduce((s, w) => s + w, 0);
  let share = 0;
  for (let h = Math.floor(fromHour); h < Math.ceil(toHour) && h < 24; h++) {
    const overlap = Math.min(h + 1, toHour) - Math.max(h, fromHour);
    if (overlap > 0) share += hours[h] * overlap;
  }
  return share / total;
}

/** A start time in [fromMs, toMs), following the hourly weights. */
function sampleTime(
  random: SeededRandom,
  hours: readonly number[],
  dayStart: number,
  fromMs: number,
  toMs: number,
): number {
  const weights = hours.map((w, h) => {
    const hourStart = dayStart + h * HOUR_MS;
    const overlap =
      Math.min(hourStart + HOUR_MS, toMs) - Math.max(hourStart, fromMs);
    return overlap > 0 ? (w * overlap) / HOUR_MS : 0;
  });
  if (weights.every(w => w === 0)) return fromMs;
  const h = random.weightedIndex(weights);
  const lo = Math.max(dayStart + h * HOUR_MS, fromMs);
  const hi = Math.min(dayStart + (h + 1) * HOUR_MS, toMs);
  return Math.floor(random.between(lo, hi));
}

/** What a plan will send for one app. */
export interface PlannedAppSummary {
  name: string;
  lifecycle: string;
  registered: boolean;
  requests: number;
  /** Spans: SERVER + `chat` CLIENT per request, plus guard spans. */
  spans: number;
  errors: number;
  /** Calls to a model the manifest does not declare. */
  undeclaredModelCalls: number;
  policyEvents: Partial<Record<PlannedViolation, number>>;
  costUsd: number;
  monthToDateCostUsd: number;
  monthlyBudgetUsd?: number;
  firstRequestAt?: Date;
  lastRequestAt?: Date;
  daysWithTraffic: number;
}

/** Walks a whole plan (one app and day at a time) and totals it; for tests and `--dry-run`. */
export function summarizePlan(
  plan: TrafficPlan,
  models: readonly ExampleModel[],
): PlannedAppSummary[] {
  const modelsById = new Map(models.map(m => [m.id, m]));
  const monthStart = monthStartMs(plan.now.getTime());
  return plan.apps.map(app => {
    const summary: PlannedAppSummary = {
      name: app.name,
      lifecycle: app.lifecycle,
      registered: app.registered,
      requests: 0,
      spans: 0,
      errors: 0,
      undeclaredModelCalls: 0,
      policyEvents: {},
      costUsd: 0,
      monthToDateCostUsd: 0,
      monthlyBudgetUsd: app.monthlyBudgetUsd,
      daysWithTraffic: 0,
    };
    for (let day = 0; day < plan.dayCount; day++) {
      const requests = plan.requestsFor(app, day);
      if (requests.length > 0) summary.daysWithTraffic++;
      for (const request of requests) {
        summary.requests++;
        summary.spans +=
          request.policy && request.policy.style !== 'trellis' ? 3 : 2;
        if (request.error) summary.errors++;
        if (app.registered && !app.declaredModels.includes(request.model))
          summary.undeclaredModelCalls++;
        if (request.policy) {
          summary.policyEvents[request.policy.violation] =
            (summary.policyEvents[request.policy.violation] ?? 0) + 1;
        }
        const cost = requestCostUsd(request, modelsById);
        summary.costUsd += cost;
        if (request.startMs >= monthStart) summary.monthToDateCostUsd += cost;
        if (
          !summary.firstRequestAt ||
          request.startMs < summary.firstRequestAt.getTime()
        ) {
          summary.firstRequestAt = new Date(request.startMs);
        }
        if (
          !summary.lastRequestAt ||
          request.startMs > summary.lastRequestAt.getTime()
        ) {
          summary.lastRequestAt = new Date(request.startMs);
        }
      }
    }
    return summary;
  });
}
