/* Day by day: how many requests an app makes on a day, and at what times. */
import type { AppProfile } from './appProfiles';
import { DAY_MS, dayStartMs, HOUR_MS, type PlanContext } from './planContext';
import type { PlannedRequest } from './planTypes';
import { planRequest } from './planRequest';
import { SeededRandom } from './SeededRandom';

/**
 * The requests of one app on one day, sorted by start time. Every app that is
 * not a draft has at least one request on each day it is active.
 */
export function planDay(
  context: PlanContext,
  profile: AppProfile,
  day: number,
): PlannedRequest[] {
  const { app } = profile;
  const { nowMs } = context;
  const expected = expectedRequests(context, profile, day);
  if (expected <= 0) return [];
  const start = dayStartMs(context, day);
  const boost = start >= context.currentMonthMs ? profile.currentMonthBoost : 1;
  const random = SeededRandom.forKey(
    context.seed,
    app.name,
    day,
    boost,
    'requests',
  );
  let count = random.poisson(expected * random.logNormal(1, 0.22));
  if (app.lifecycle !== 'draft') count = Math.max(1, count);
  const windowFrom = Math.max(start, app.activeFromMs);
  const windowTo = Math.min(start + DAY_MS, nowMs, app.activeUntilMs);
  const requests: PlannedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const request = planRequest(
      profile,
      random,
      sampleTime(random, profile.hours, start, windowFrom, windowTo),
      context.modelsById,
    );
    // Nothing ends after `now`.
    if (request.startMs + request.durationMs > nowMs) {
      request.startMs = Math.max(windowFrom, nowMs - request.durationMs);
    }
    requests.push(request);
  }
  return requests.sort((a, b) => a.startMs - b.startMs);
}

/** Expected volume of an app on a day, before noise. */
function expectedRequests(
  context: PlanContext,
  profile: AppProfile,
  day: number,
): number {
  const { app } = profile;
  const { fromMs, nowMs, windowMs } = context;
  const start = dayStartMs(context, day);
  const end = Math.min(start + DAY_MS, nowMs);
  if (end <= app.activeFromMs || start >= app.activeUntilMs) return 0;
  const lifecycle = lifecycleFactor(context, profile, start);
  const t = (start - fromMs) / windowMs;
  const trend = 1 + profile.trendSlope * (t - 0.5);
  const weekday = profile.weekday[new Date(start).getUTCDay()];
  const boost = start >= context.currentMonthMs ? profile.currentMonthBoost : 1;
  // Only part of today (and of a day an app starts or stops) has happened.
  const hoursFrom = Math.max(0, (app.activeFromMs - start) / HOUR_MS);
  const hoursTo = Math.min(
    24,
    (Math.min(end, app.activeUntilMs) - start) / HOUR_MS,
  );
  const share = hourShare(profile.hours, hoursFrom, hoursTo);
  return (
    profile.baseDaily *
    context.scale *
    lifecycle *
    trend *
    weekday *
    boost *
    share
  );
}

/** Volume by lifecycle, next to an app in production, on the day starting at `start`. */
function lifecycleFactor(
  context: PlanContext,
  profile: AppProfile,
  start: number,
): number {
  const { app } = profile;
  switch (app.lifecycle) {
    case 'draft':
      return 0.08;
    case 'sandbox':
      return 0.15;
    case 'canary':
      return start >= profile.promotedAtMs! ? 0.5 : 0.15;
    case 'decommissioned': {
      // Use dwindles before the app is switched off.
      const progress =
        (start - context.fromMs) /
        Math.max(DAY_MS, app.activeUntilMs - context.fromMs);
      return 0.7 - 0.45 * Math.min(1, progress);
    }
    default:
      return 1;
  }
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
