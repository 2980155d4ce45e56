/* The shape of a traffic plan: its apps, their requests, and the options that produce it. */
import type { ExampleMicroApp, ExampleModel } from './exampleCatalog';

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
