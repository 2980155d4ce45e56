/* Each app's usual traffic: volume, models, users, hours and active period, drawn once per plan. */
import type { ExampleMicroApp } from './exampleCatalog';
import { clamp, DAY_MS, type PlanContext, utcMidnight } from './planContext';
import type {
  PlannedApp,
  PlannedAppRole,
  PolicyEventStyle,
  TrafficPlanOptions,
} from './planTypes';
import { SeededRandom } from './SeededRandom';
import {
  SHADOW_APP,
  SHADOW_APP_MODELS,
  SHADOW_APP_NAME,
  SHADOW_APP_USERS,
  SHADOW_APP_VOLUME,
} from './shadowApp';
import {
  AROUND_THE_CLOCK,
  BASE_DAILY_REQUESTS,
  OFFICE_HOURS,
  TOKEN_PROFILES,
  type TokenProfile,
  USER_POOL_SIZE,
} from './trafficShapes';

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

/** How one app's traffic looks: drawn once per plan from the app's manifest. */
export interface AppProfile {
  app: PlannedApp;
  manifest?: ExampleMicroApp;
  baseDaily: number;
  /** Models called, with weights. */
  models: Array<{ id: string; weight: number }>;
  offSpec?: { model: string; rate: number };
  guardStyle: PolicyEventStyle;
  tokens: TokenProfile;
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

/** A manifest, or what the shadow app would declare if it had one. */
type AppSpec = Omit<ExampleMicroApp, 'entityRef'>;

/** What every app's profile draws on besides its manifest. */
interface ProfileSources {
  context: PlanContext;
  /** Called by apps that declare no model. */
  fallbackModel: string;
  /** The organisation's users; internal apps draw their users from them. */
  employees: string[];
}

/** The profiles of the example apps, in catalog order, and of the shadow app. */
export function planAppProfiles(
  options: TrafficPlanOptions,
  context: PlanContext,
): Map<string, AppProfile> {
  const sources: ProfileSources = {
    context,
    fallbackModel:
      options.models.find(m => m.status === 'approved')?.id ?? 'unknown-model',
    employees: Array.from(
      { length: 1200 },
      (_, i) =>
        `emp-${SeededRandom.forKey(context.seed, 'employee', i).hex(4)}`,
    ),
  };
  const profiles = new Map<string, AppProfile>();
  for (const manifest of options.apps)
    profiles.set(manifest.name, makeProfile(sources, manifest, manifest));
  if (!profiles.has(SHADOW_APP_NAME))
    profiles.set(SHADOW_APP_NAME, makeProfile(sources, SHADOW_APP));
  return profiles;
}

/**
 * One app's profile; `manifest` is absent for the shadow app. The values are
 * drawn from `random` in a fixed order: reordering the draws changes every plan.
 */
function makeProfile(
  sources: ProfileSources,
  spec: AppSpec,
  manifest?: ExampleMicroApp,
): AppProfile {
  const random = SeededRandom.forKey(
    sources.context.seed,
    spec.name,
    'profile',
  );
  const offSpec = OFF_SPEC_MODELS[spec.name];
  const guardStyle = GUARD_STYLES[spec.name] ?? 'trellis';
  const roles = appRoles(spec, manifest, guardStyle);
  const period = activePeriod(spec, sources.context, random);
  const external = spec.reach === 'external';
  const tokens = TOKEN_PROFILES[spec.type] ?? TOKEN_PROFILES.other;
  const maxTokens = spec.limits.maxTokensPerRequest;
  const users = userPool(sources, spec, manifest, random);
  const weekday = weekdayWeights(spec, random);
  return {
    app: plannedApp(spec, manifest, roles, period),
    manifest,
    baseDaily:
      (BASE_DAILY_REQUESTS[spec.reach] ?? 20) *
      tokens.volume *
      (manifest ? 1 : SHADOW_APP_VOLUME),
    models: manifest
      ? modelWeights(
          spec.models.length > 0 ? spec.models : [sources.fallbackModel],
        )
      : SHADOW_APP_MODELS,
    offSpec:
      offSpec && !spec.models.includes(offSpec.model) ? offSpec : undefined,
    guardStyle,
    tokens,
    inputScale: maxTokens ? clamp(maxTokens / 12000, 0.4, 2.5) : 1,
    maxTokens,
    users,
    promptHashes: Array.from({ length: 24 }, () => random.hex(32)),
    hours: external ? AROUND_THE_CLOCK : OFFICE_HOURS,
    weekday,
    trendSlope:
      spec.lifecycle === 'production'
        ? random.between(0, 0.3)
        : random.between(-0.1, 0.35),
    promotedAtMs: period.promotedAtMs,
    errorRate: ['draft', 'sandbox'].includes(spec.lifecycle) ? 0.035 : 0.012,
    currentMonthBoost: 1,
  };
}

/** Why the app's traffic departs from its manifest. */
function appRoles(
  spec: AppSpec,
  manifest: ExampleMicroApp | undefined,
  guardStyle: PolicyEventStyle,
): PlannedAppRole[] {
  const roles: PlannedAppRole[] = [];
  const offSpec = OFF_SPEC_MODELS[spec.name];
  if (offSpec && !spec.models.includes(offSpec.model)) roles.push(offSpec.role);
  if (guardStyle === 'openlit') roles.push('openlit-guard');
  if (guardStyle === 'gen_ai.guardrail') roles.push('genai-guardrail');
  if (!manifest) roles.push('shadow');
  return roles;
}

interface ActivePeriod {
  activeFromMs: number;
  activeUntilMs: number;
  promotedAtMs?: number;
}

/**
 * Drafts start in the last weeks, decommissioned apps stop between a third and
 * a half of the way through the window (before the current month), canary
 * apps are promoted from sandbox part way; the others run throughout.
 */
function activePeriod(
  spec: AppSpec,
  context: PlanContext,
  random: SeededRandom,
): ActivePeriod {
  const { fromMs, nowMs, windowMs, currentMonthMs } = context;
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
  return { activeFromMs, activeUntilMs, promotedAtMs };
}

/** The first declared model takes most calls; the others share the rest. */
function modelWeights(declared: string[]): AppProfile['models'] {
  return declared.map((id, i) => ({
    id,
    weight: i === 0 ? 0.72 : 0.28 / (declared.length - 1),
  }));
}

/** Internal apps are used by colleagues (a run of employees); external ones by customers. */
function userPool(
  sources: ProfileSources,
  spec: AppSpec,
  manifest: ExampleMicroApp | undefined,
  random: SeededRandom,
): string[] {
  const { employees } = sources;
  const poolSize = manifest
    ? USER_POOL_SIZE[spec.reach] ?? 14
    : SHADOW_APP_USERS;
  const poolStart = random.int(0, employees.length - 1);
  return Array.from({ length: poolSize }, (_, i) =>
    spec.reach === 'external'
      ? `cust-${SeededRandom.forKey(
          sources.context.seed,
          spec.name,
          'customer',
          i,
        ).hex(5)}`
      : employees[(poolStart + i * 7) % employees.length],
  );
}

/** Relative traffic per UTC weekday, Sunday first. */
function weekdayWeights(spec: AppSpec, random: SeededRandom): number[] {
  let weekend = random.between(0.15, 0.3);
  if (spec.reach === 'external') weekend = 0.75;
  else if (spec.type === 'automation') weekend = 0.6;
  return [weekend * 0.8, 1, 1.05, 1.05, 1, 0.9, weekend];
}

function plannedApp(
  spec: AppSpec,
  manifest: ExampleMicroApp | undefined,
  roles: PlannedAppRole[],
  period: ActivePeriod,
): PlannedApp {
  return {
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
    activeFromMs: period.activeFromMs,
    activeUntilMs: period.activeUntilMs,
  };
}
