import type { Knex } from 'knex';
import type { RetentionWindows } from '../TelemetryStore';

const DAY_MS = 86_400_000;

/** Deletes the rows older than their retention window; answers how many per table. */
export async function applyRetention(
  knex: Knex,
  windows: RetentionWindows,
  now: Date,
): Promise<Record<string, number>> {
  const before = (days: number) =>
    new Date(now.getTime() - days * DAY_MS).toISOString();
  return {
    microapps_span_keys: await knex('microapps_span_keys')
      .where('seen_at', '<', before(windows.spanKeyDays))
      .delete(),
    microapps_usage_hourly: await knex('microapps_usage_hourly')
      .where('hour', '<', before(windows.hourlyDays).slice(0, 13))
      .delete(),
    microapps_usage_daily: await knex('microapps_usage_daily')
      .where('day', '<', before(windows.dailyDays).slice(0, 10))
      .delete(),
    microapps_usage_users: await knex('microapps_usage_users')
      .where('day', '<', before(windows.dailyDays).slice(0, 10))
      .delete(),
    microapps_violations: await knex('microapps_violations')
      .where('occurred_at', '<', before(windows.violationDays))
      .delete(),
    // The caps count per day: yesterday's are kept for a request at midnight.
    microapps_ingest_key_days: await knex('microapps_ingest_key_days')
      .where('day', '<', before(2).slice(0, 10))
      .delete(),
  };
}
