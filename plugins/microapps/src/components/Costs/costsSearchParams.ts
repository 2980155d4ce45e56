import {
  COST_GROUP_BYS,
  type CostGroupBy,
} from '@trellis/plugin-microapps-common';
import {
  MAX_PERIOD_DAYS,
  PRESET_PERIODS,
  daysBetween,
  isDay,
  lastDays,
  type DayPeriod,
  type PresetPeriod,
} from './costPeriods';

/**
 * What the cost page shows, kept in the URL's query string so that a view
 * can be shared and reloaded: `?groupBy=model&period=90`, or a custom
 * period as `?from=2026-10-01&to=2026-10-31`, one team's apps as
 * `?owner=group:default/finance-ops`. Defaults (team, 30 days, every app)
 * are left out.
 */
export interface CostsViewState {
  groupBy: CostGroupBy;
  /** A preset number of days ending today, or `custom` with `from`/`to`. */
  period: PresetPeriod | 'custom';
  from: string;
  to: string;
  /** Only the apps this group owns (a lower-case group ref); all apps without it. */
  owner?: string;
}

export const DEFAULT_GROUP_BY: CostGroupBy = 'team';
export const DEFAULT_PERIOD: PresetPeriod = 30;

export function readCostsViewState(
  params: URLSearchParams,
  today?: string,
): CostsViewState {
  const groupBy =
    COST_GROUP_BYS.find(value => value === params.get('groupBy')) ??
    DEFAULT_GROUP_BY;
  const owner = readOwner(params.get('owner'));
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    return {
      groupBy,
      period: 'custom',
      from: from ?? '',
      to: to ?? '',
      ...owner,
    };
  }
  const days = Number(params.get('period'));
  const period = PRESET_PERIODS.find(value => value === days) ?? DEFAULT_PERIOD;
  return { groupBy, period, ...lastDays(period, today), ...owner };
}

const GROUP_REF = /^group:[^/:]+\/[^/:]+$/i;

/** A group ref such as `group:default/finance-ops`; anything else means every app. */
function readOwner(value: string | null): { owner?: string } {
  return value && GROUP_REF.test(value)
    ? { owner: value.toLocaleLowerCase('en-US') }
    : {};
}

export function writeCostsViewState(state: CostsViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.groupBy !== DEFAULT_GROUP_BY) params.set('groupBy', state.groupBy);
  if (state.owner) params.set('owner', state.owner);
  if (state.period === 'custom') {
    params.set('from', state.from);
    params.set('to', state.to);
  } else if (state.period !== DEFAULT_PERIOD) {
    params.set('period', String(state.period));
  }
  return params;
}

/** Why a custom period cannot be asked for, or undefined when it can. */
export function periodProblem(period: DayPeriod): string | undefined {
  if (!isDay(period.from)) return 'Choose a start day';
  if (!isDay(period.to)) return 'Choose an end day';
  if (period.from > period.to) return 'The start must not be after the end';
  if (daysBetween(period.from, period.to) > MAX_PERIOD_DAYS) {
    return `A period can span at most ${MAX_PERIOD_DAYS} days`;
  }
  return undefined;
}
