import type { Config } from '@backstage/config';
import { availableParallelism } from 'os';
import type { OtlpBodyLimits } from '../services/Otlp/readOtlpBody';
import { DEFAULT_INGEST_CAPS } from '../services/Telemetry/TelemetryIngest';

/** How the OTLP receiver limits what it takes in (`microapps.telemetry.*`). */
export interface ReceiverConfig {
  bodyLimits: OtlpBodyLimits;
  maxConcurrentRequests: number;
  maxConcurrentRequestsPerCaller: number;
  /** Worker threads that decode bodies; 0 decodes in the event loop's thread. */
  decodeWorkers: number;
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
export function readReceiverConfig(
  telemetry: Config | undefined,
): ReceiverConfig {
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
export function readIngestCaps(telemetry: Config | undefined) {
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
