import type { ExampleModel } from './exampleCatalog';
import type { TrafficPlanOptions } from './planTypes';

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, value));
export const utcMidnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
export const monthStartMs = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** The window a plan covers and the settings every part of the plan shares. */
export interface PlanContext {
  seed: string;
  scale: number;
  nowMs: number;
  /** UTC midnight of the first day. */
  fromMs: number;
  dayCount: number;
  /** From the first day's midnight to `now`. */
  windowMs: number;
  /** UTC midnight of the first day of the current month. */
  currentMonthMs: number;
  modelsById: ReadonlyMap<string, ExampleModel>;
}

export function createPlanContext(options: TrafficPlanOptions): PlanContext {
  const seed = String(options.seed ?? 'trellis');
  const scale = options.scale ?? 1;
  const days = Math.max(1, Math.floor(options.days ?? 60));
  const nowMs = (options.now ?? new Date()).getTime();
  const fromMs = utcMidnight(nowMs) - days * DAY_MS;
  return {
    seed,
    scale,
    nowMs,
    fromMs,
    dayCount: days + 1,
    windowMs: nowMs - fromMs,
    currentMonthMs: monthStartMs(nowMs),
    modelsById: new Map(options.models.map(m => [m.id, m])),
  };
}

/** UTC midnight of a day of the window, epoch milliseconds. */
export const dayStartMs = (context: PlanContext, day: number) =>
  context.fromMs + day * DAY_MS;
