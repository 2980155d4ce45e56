import type { Config } from '@backstage/config';
import {
  buildRiskMatrix,
  type ModelCatalogEntry,
  parseModelCatalog,
  type RiskMatrix,
  type StewardRole,
} from '@trellis/plugin-microapps-common';
import { availableParallelism } from 'os';
import {
  readKillSwitchStewardRoles,
  readStewardGroups,
  type StewardGroups,
} from '@trellis/plugin-microapps-node';
import { DEFAULT_INGEST_CAPS } from './telemetry/ingest/TelemetryIngest';
import type { TelemetrySettings } from './telemetry/telemetryFeature';
import type { RetentionWindows } from './telemetry/TelemetryStore';

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
}

/** Reads and checks every `microapps.*` key; throws naming the key at fault. */
export function readMicroAppsConfig(config: Config): MicroAppsConfig {
  const telemetry = config.getOptionalConfig('microapps.telemetry');
  return {
    models: parseModelCatalog(config.getOptional('microapps.models')),
    riskMatrix: buildRiskMatrix(config.getOptional('microapps.risk')),
    validateResponses:
      config.getOptionalBoolean('microapps.api.validateResponses') ?? false,
    stewards: readStewardGroups(config),
    killSwitchStewardRoles: readKillSwitchStewardRoles(config),
    approvalTtlDays: aboveZero(config, 'microapps.approvals.ttlDays', 90, 3650),
    registryRefreshSeconds: aboveZero(
      config,
      'microapps.marketplace.refreshIntervalSeconds',
      30,
      86_400,
    ),
    notifications: {
      expiryWarningDays: aboveZero(
        config,
        'microapps.notifications.expiryWarningDays',
        14,
        365,
      ),
      scanIntervalSeconds: aboveZero(
        config,
        'microapps.notifications.scanIntervalSeconds',
        3600,
        86_400,
      ),
    },
    telemetry: {
      receiver: readReceiverConfig(telemetry),
      caps: readIngestCaps(telemetry),
      retention: readRetentionWindows(telemetry),
      retentionIntervalMinutes: aboveZero(
        config,
        'microapps.telemetry.retention.intervalMinutes',
        60,
        10_080,
      ),
      userHashSalt: readUserHashSalt(config),
      costMismatchTolerance: telemetry?.getOptionalNumber(
        'costMismatchTolerance',
      ),
    },
  };
}

/**
 * A number above 0 and at most `max` at `key`, or `fallback` when unset.
 * Fractions are fine: the scheduler takes them (tests run retention every 3 s).
 */
function aboveZero(config: Config, key: string, fallback: number, max: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new Error(
      `${key} must be a number above 0 and at most ${max}, got ${value}`,
    );
  }
  return value;
}

/** One per core but one, from one to four: the main thread keeps a core. */
export const defaultDecodeWorkers = () =>
  Math.min(4, Math.max(1, availableParallelism() - 1));

/**
 * Default body limit: 4 MiB after decompression. An OpenTelemetry SDK's
 * batch span processor exports at most 512 spans per request (well under
 * 1 MiB of OTLP); a Collector in front should batch to at most about 2,000
 * spans per request (`send_batch_max_size`).
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function positive(
  config: Config | undefined,
  key: string,
  fallback: number,
  max: number,
  prefix = '',
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `microapps.telemetry.${prefix}${key} must be a whole number from 1 to ${max}, got ${value}`,
    );
  }
  return value;
}

/** Reads `microapps.telemetry` (the receiver's part), refusing values out of range. */
function readReceiverConfig(
  telemetry: Config | undefined,
): TelemetrySettings['receiver'] {
  const maxConcurrentRequests = positive(
    telemetry,
    'maxConcurrentRequests',
    8,
    1_000,
  );
  return {
    bodyLimits: {
      maxBytes: positive(
        telemetry,
        'maxBodyBytes',
        DEFAULT_MAX_BODY_BYTES,
        256 * 1024 * 1024,
      ),
      maxCompressionRatio: positive(
        telemetry,
        'maxCompressionRatio',
        100,
        100_000,
      ),
      timeoutMs: positive(telemetry, 'bodyTimeoutSeconds', 30, 3_600) * 1000,
    },
    maxConcurrentRequests,
    decodeWorkers: decodeWorkers(telemetry),
    // By default a caller may take all but two slots: a busy gateway or
    // seeder keeps most of the receiver, and two stay free for everyone else.
    maxConcurrentRequestsPerCaller: positive(
      telemetry,
      'maxConcurrentRequestsPerCaller',
      Math.max(1, maxConcurrentRequests - 2),
      maxConcurrentRequests,
    ),
  };
}

function decodeWorkers(telemetry: Config | undefined): number {
  const value =
    telemetry?.getOptionalNumber('decodeWorkers') ?? defaultDecodeWorkers();
  if (!Number.isInteger(value) || value < 0 || value > 32) {
    throw new Error(
      `microapps.telemetry.decodeWorkers must be a whole number from 0 to 32, got ${value}`,
    );
  }
  return value;
}

/** `microapps.telemetry.caps`: per ingest key and UTC day. */
function readIngestCaps(telemetry: Config | undefined) {
  const caps = telemetry?.getOptionalConfig('caps');
  return {
    unregisteredAppsPerDay: positive(
      caps,
      'unregisteredAppsPerDay',
      DEFAULT_INGEST_CAPS.unregisteredAppsPerDay,
      100_000,
      'caps.',
    ),
    unknownModelsPerDay: positive(
      caps,
      'unknownModelsPerDay',
      DEFAULT_INGEST_CAPS.unknownModelsPerDay,
      100_000,
      'caps.',
    ),
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

function readRetentionWindows(config: Config | undefined): RetentionWindows {
  const retention = config?.getOptionalConfig('retention');
  const days = (key: keyof RetentionWindows, fallback: number) => {
    const value = retention?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < 1) {
      throw new Error(
        `microapps.telemetry.retention.${key} must be a number of days of at least 1`,
      );
    }
    return value;
  };
  return {
    spanKeyDays: days('spanKeyDays', 7),
    hourlyDays: days('hourlyDays', 35),
    dailyDays: days('dailyDays', 400),
    violationDays: days('violationDays', 400),
  };
}
