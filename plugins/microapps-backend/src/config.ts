import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  buildRiskMatrix,
  DEFAULT_MAX_BODY_BYTES,
  type MicroAppsConfigValues,
  type ModelCatalogEntry,
  parseMicroAppsConfig,
  parseModelCatalog,
  type RiskMatrix,
  SCHEDULED_TASK_NAMES,
  type StewardRole,
} from '@trellis/plugin-microapps-common';
import { availableParallelism } from 'os';
import {
  DEFAULT_KILL_SWITCH_STEWARD_ROLES,
  type StewardGroups,
} from '@trellis/plugin-microapps-node';
import type { PolicySettings } from './policies/policiesFeature';
import type { TaskSchedule, TaskSchedules } from './shared/taskSchedules';
import type { TelemetrySettings } from './telemetry/telemetryFeature';

/** Everything the plugin reads from `microapps.*`, validated once at startup. */
export interface MicroAppsConfig {
  models: readonly ModelCatalogEntry[];
  riskMatrix: RiskMatrix;
  /** Groups of each steward role (`microapps.stewards`). */
  stewards: StewardGroups;
  /** Roles whose stewards may release any kill switch. */
  killSwitchStewardRoles: StewardRole[];
  /** How long an approval holds (`microapps.approvals.ttlDays`). */
  approvalTtlDays: number;
  /** Lower-case app refs whose approvals hold another number of days (`microapps.approvals.perApp`). */
  appApprovalTtlDays: ReadonlyMap<string, number>;
  registryRefreshSeconds: number;
  notifications: { expiryWarningDays: number; scanIntervalSeconds: number };
  telemetry: TelemetrySettings;
  /** Check responses against the OpenAPI document (`microapps.api.validateResponses`). */
  validateResponses: boolean;
  /** Policy packs and how often they are read again (`microapps.policies`). */
  policies: PolicySettings;
  /** Schedules that replace the tasks' defaults (`microapps.schedules`). */
  schedules: TaskSchedules;
}

/**
 * Reads and checks every `microapps.*` key with the schema in common
 * (`microAppsConfigSchema`); throws naming the key at fault.
 */
export function readMicroAppsConfig(config: Config): MicroAppsConfig {
  const values = parseMicroAppsConfig(config.getOptional('microapps'));
  const { telemetry } = values;
  return {
    models: parseModelCatalog(values.models),
    riskMatrix: buildRiskMatrix(values.risk),
    validateResponses: values.api.validateResponses,
    stewards: values.stewards,
    killSwitchStewardRoles:
      values.killSwitch.stewardRoles ?? DEFAULT_KILL_SWITCH_STEWARD_ROLES,
    approvalTtlDays: values.approvals.ttlDays,
    appApprovalTtlDays: new Map(
      values.approvals.perApp.map(entry => [entry.app, entry.ttlDays]),
    ),
    registryRefreshSeconds: values.marketplace.refreshIntervalSeconds,
    notifications: values.notifications,
    policies: {
      locations: values.policies.locations,
      refreshIntervalSeconds: values.policies.refreshIntervalSeconds,
      evaluateIntervalSeconds: values.policies.evaluateIntervalSeconds,
    },
    telemetry: {
      receiver: receiverSettings(telemetry),
      caps: telemetry.caps,
      retention: {
        spanKeyDays: telemetry.retention.spanKeyDays,
        hourlyDays: telemetry.retention.hourlyDays,
        dailyDays: telemetry.retention.dailyDays,
        violationDays: telemetry.retention.violationDays,
      },
      retentionIntervalMinutes: telemetry.retention.intervalMinutes,
      userHashSalt: readUserHashSalt(config),
      costMismatchTolerance: telemetry.costMismatchTolerance,
    },
    schedules: readTaskSchedules(config),
  };
}

/**
 * `microapps.schedules`, read with Backstage's own schedule reader so that
 * every form it takes (cron, ISO duration, duration object) works here.
 * parseMicroAppsConfig has checked the key names (and refused a scope).
 */
function readTaskSchedules(config: Config): TaskSchedules {
  const schedules: TaskSchedules = {};
  const section = config.getOptionalConfig('microapps.schedules');
  for (const task of SCHEDULED_TASK_NAMES) {
    const taskConfig = section?.getOptionalConfig(task);
    if (taskConfig) {
      schedules[task] = readTaskSchedule(
        taskConfig,
        `microapps.schedules.${task}`,
      );
    }
  }
  return schedules;
}

function readTaskSchedule(config: Config, key: string): TaskSchedule {
  let definition;
  try {
    definition = readSchedulerServiceTaskScheduleDefinitionFromConfig(config);
  } catch (error) {
    throw new Error(
      `${key} must be a schedule with frequency ({ cron }, an ISO duration such as PT5M or { minutes: 5 }) and timeout: ${
        (error as Error).message
      }`,
    );
  }
  const { frequency, timeout, initialDelay } = definition;
  if ('cron' in frequency) {
    const fields = String(frequency.cron).trim().split(/\s+/).length;
    if (fields < 5 || fields > 6) {
      throw new Error(
        `${key}.frequency.cron must have 5 fields (minute hour day month weekday) or 6 (seconds first), got "${frequency.cron}"`,
      );
    }
  } else if (!('trigger' in frequency) && !(approximateMs(frequency) > 0)) {
    throw new Error(`${key}.frequency must be longer than zero`);
  }
  if (!(approximateMs(timeout) > 0)) {
    throw new Error(`${key}.timeout must be longer than zero`);
  }
  if (initialDelay && approximateMs(initialDelay) < 0) {
    throw new Error(`${key}.initialDelay must not be negative`);
  }
  return { frequency, timeout, initialDelay };
}

const DAY_MS = 86_400_000;
const MS_PER_UNIT: Record<string, number> = {
  years: 365 * DAY_MS,
  months: 30 * DAY_MS,
  weeks: 7 * DAY_MS,
  days: DAY_MS,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

/** A duration read from config in milliseconds, months and years rounded; only its sign matters here. */
function approximateMs(duration: object): number {
  return Object.entries(duration).reduce(
    (sum, [unit, value]) =>
      sum + (typeof value === 'number' ? value * (MS_PER_UNIT[unit] ?? 0) : 0),
    0,
  );
}

/** One per core but one, from one to four: the main thread keeps a core. */
export const defaultDecodeWorkers = () =>
  Math.min(4, Math.max(1, availableParallelism() - 1));

export { DEFAULT_MAX_BODY_BYTES };

/** The receiver's limits, with the defaults that depend on other keys or the machine. */
function receiverSettings(
  telemetry: MicroAppsConfigValues['telemetry'],
): TelemetrySettings['receiver'] {
  const { maxConcurrentRequests } = telemetry;
  const perCaller =
    telemetry.maxConcurrentRequestsPerCaller ??
    // By default a caller may take all but two slots: a busy gateway or
    // seeder keeps most of the receiver, and two stay free for everyone else.
    Math.max(1, maxConcurrentRequests - 2);
  if (perCaller > maxConcurrentRequests) {
    throw new Error(
      `microapps.telemetry.maxConcurrentRequestsPerCaller must be a whole number from 1 to ${maxConcurrentRequests} (maxConcurrentRequests), got ${perCaller}`,
    );
  }
  return {
    bodyLimits: {
      maxBytes: telemetry.maxBodyBytes,
      maxCompressionRatio: telemetry.maxCompressionRatio,
      timeoutMs: telemetry.bodyTimeoutSeconds * 1000,
    },
    maxConcurrentRequests,
    decodeWorkers: telemetry.decodeWorkers ?? defaultDecodeWorkers(),
    maxConcurrentRequestsPerCaller: perCaller,
  };
}

/** The salt of a development or test process that configures none. */
const DEVELOPMENT_SALT = 'trellis-development';

/**
 * `microapps.telemetry.userHashSalt`: mixed into end-user id hashes so that
 * nobody can recover an id by hashing candidates. Outside development and
 * tests (NODE_ENV) the backend refuses to start without one.
 */
export function readUserHashSalt(
  config: Config,
  env: { NODE_ENV?: string } = process.env,
): string {
  const nodeEnv = env.NODE_ENV;
  const salt = config.getOptionalString('microapps.telemetry.userHashSalt');
  if (salt?.trim()) return salt;
  if (nodeEnv === 'development' || nodeEnv === 'test') return DEVELOPMENT_SALT;
  throw new Error(
    'microapps.telemetry.userHashSalt must be set outside development: end-user ids are stored as salted hashes, and without a secret salt anyone can recover an id by hashing candidates. Set it to a long random secret, e.g. userHashSalt: ${TRELLIS_USER_HASH_SALT}',
  );
}
