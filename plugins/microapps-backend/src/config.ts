import type { Config } from '@backstage/config';
import {
  buildRiskMatrix,
  DEFAULT_MAX_BODY_BYTES,
  type MicroAppsConfigValues,
  type ModelCatalogEntry,
  parseMicroAppsConfig,
  parseModelCatalog,
  type RiskMatrix,
  type StewardRole,
} from '@trellis/plugin-microapps-common';
import { availableParallelism } from 'os';
import {
  DEFAULT_KILL_SWITCH_STEWARD_ROLES,
  type StewardGroups,
} from '@trellis/plugin-microapps-node';
import type { PolicySettings } from './policies/policiesFeature';
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
  registryRefreshSeconds: number;
  notifications: { expiryWarningDays: number; scanIntervalSeconds: number };
  telemetry: TelemetrySettings;
  /** Check responses against the OpenAPI document (`microapps.api.validateResponses`). */
  validateResponses: boolean;
  /** Policy packs and how often they are read again (`microapps.policies`). */
  policies: PolicySettings;
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
  };
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
