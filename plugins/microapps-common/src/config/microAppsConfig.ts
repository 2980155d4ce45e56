import { z } from 'zod';
import { STEWARD_ROLE_NAMES } from '../badges/badgeRules';
import { modelCatalogSchema } from '../models/ModelCatalog';
import { parseConfig } from '../models/parseConfig';
import { riskMatrixOverridesSchema } from '../risk/RiskMatrix';

/**
 * The schema of everything under `microapps` in app-config: each key with
 * its type, range and default, checked once at startup. Unknown keys are
 * refused, so a misspelt key is reported instead of silently ignored.
 * `config.d.ts` declares the same keys for Backstage's own config schema
 * (and which ones the frontend may read); a test keeps the two in step.
 */

/** Config values may come from environment substitution as text: `"30"` is 30. */
const fromText = (value: unknown) => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  const number = Number(value);
  return Number.isNaN(number) ? value : number;
};

/** A number above 0 and at most `max`; fractions allowed (the scheduler takes them). */
const numberAboveZero = (max: number) =>
  z.preprocess(
    fromText,
    z
      .number({ error: `must be a number above 0 and at most ${max}` })
      .refine(value => value > 0 && value <= max, {
        error: issue =>
          `must be a number above 0 and at most ${max}, got ${issue.input}`,
      }),
  );

const aboveZero = (max: number, fallback: number) =>
  numberAboveZero(max).default(fallback);

/** A whole number from `min` to `max`. */
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    fromText,
    z
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .refine(
        value => Number.isInteger(value) && value >= min && value <= max,
        {
          error: issue =>
            `must be a whole number from ${min} to ${max}, got ${issue.input}`,
        },
      ),
  );

/** A number of days of at least 1. */
const days = (fallback: number) =>
  z
    .preprocess(
      fromText,
      z.number().refine(value => value >= 1, {
        error: 'must be a number of days of at least 1',
      }),
    )
    .default(fallback);

/** An object of the given keys; any other key is named as not known. */
const section = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `is not known; allowed: ${Object.keys(shape).join(', ')}`
        : 'must be an object',
  });

const groupRefs = z.array(z.string().min(1, 'must not be empty'), {
  error: 'must be a list of group entity refs',
});

const MICROAPP_REF = /^microapp:[^:/\s]+\/[^:/\s]+$/i;

/**
 * `microapps.approvals`: how long an approval holds, for every app and for
 * the apps listed in `perApp` (refs compared lower-cased, each listed once).
 */
const approvalsSchema = section({
  ttlDays: aboveZero(3_650, 90),
  perApp: z
    .array(
      section({
        app: z
          .string({ error: 'must be a MicroApp entity ref' })
          .regex(MICROAPP_REF, {
            error: issue =>
              `must be a MicroApp entity ref such as microapp:default/my-app, got "${issue.input}"`,
          })
          .transform(ref => ref.toLocaleLowerCase('en-US')),
        ttlDays: numberAboveZero(3_650),
      }),
      { error: 'must be a list of { app, ttlDays }' },
    )
    .superRefine((entries, context) => {
      entries.forEach((entry, index) => {
        if (entries.findIndex(e => e.app === entry.app) < index)
          context.addIssue({
            code: 'custom',
            path: [index, 'app'],
            message: `lists ${entry.app} a second time`,
          });
      });
    })
    .default([]),
});

/** `microapps.stewards`: the groups whose members hold each steward role. @public */
export const stewardsConfigSchema = section({
  security: groupRefs.optional(),
  compliance: groupRefs.optional(),
  executive: groupRefs.optional(),
  platform: groupRefs.optional(),
});

/** `microapps.killSwitch`: which steward roles may engage and release any kill switch. @public */
export const killSwitchConfigSchema = section({
  stewardRoles: z
    .array(
      z.enum(STEWARD_ROLE_NAMES, {
        error: issue =>
          `must list steward roles (${STEWARD_ROLE_NAMES.join(', ')}), got "${
            issue.input
          }"`,
      }),
    )
    .optional(),
});

/** Default per-key daily caps of the OTLP receiver (`microapps.telemetry.caps`). @public */
export const DEFAULT_INGEST_CAPS = {
  unregisteredAppsPerDay: 20,
  unknownModelsPerDay: 50,
} as const;

/**
 * Default body limit: 4 MiB after decompression. An OpenTelemetry SDK's
 * batch span processor exports at most 512 spans per request (well under
 * 1 MiB of OTLP); a Collector in front should batch to at most about 2,000
 * spans per request (`send_batch_max_size`).
 *
 * @public
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

const telemetrySchema = section({
  maxBodyBytes: wholeNumber(1, 256 * 1024 * 1024).default(
    DEFAULT_MAX_BODY_BYTES,
  ),
  maxCompressionRatio: wholeNumber(1, 100_000).default(100),
  bodyTimeoutSeconds: wholeNumber(1, 3_600).default(30),
  maxConcurrentRequests: wholeNumber(1, 1_000).default(8),
  /** By default all but two of `maxConcurrentRequests` (at least one). */
  maxConcurrentRequestsPerCaller: wholeNumber(1, 1_000).optional(),
  /** By default one per core but one, from one to four (the backend decides). */
  decodeWorkers: wholeNumber(0, 32).optional(),
  caps: section({
    unregisteredAppsPerDay: wholeNumber(1, 100_000).default(
      DEFAULT_INGEST_CAPS.unregisteredAppsPerDay,
    ),
    unknownModelsPerDay: wholeNumber(1, 100_000).default(
      DEFAULT_INGEST_CAPS.unknownModelsPerDay,
    ),
  }).prefault({}),
  retention: section({
    spanKeyDays: days(7),
    hourlyDays: days(35),
    dailyDays: days(400),
    violationDays: days(400),
    intervalMinutes: aboveZero(10_080, 60),
  }).prefault({}),
  userHashSalt: z.string({ error: 'must be a string' }).optional(),
  costMismatchTolerance: z
    .preprocess(fromText, z.number().min(0, 'must be a number of at least 0'))
    .optional(),
});

/**
 * The backend's scheduled tasks whose schedule `microapps.schedules` may set.
 *
 * @public
 */
export const SCHEDULED_TASK_NAMES = [
  'marketplaceRefresh',
  'governanceNotices',
  'governanceNoticeRetries',
  'telemetryRetention',
  'policiesRefresh',
  'policiesEvaluate',
] as const;

/** @public */
export type ScheduledTaskName = (typeof SCHEDULED_TASK_NAMES)[number];

const TASK_SCHEDULE_KEYS = ['frequency', 'timeout', 'initialDelay'];

/**
 * One task's schedule in Backstage's config shape. The backend reads and
 * checks the values (and that frequency and timeout are given) with
 * Backstage's own schedule reader; this only fixes the keys.
 * The scope is refused: each task's scope is part of its correctness.
 */
const taskScheduleSchema = z
  .looseObject(
    {
      frequency: z.unknown().optional(),
      timeout: z.unknown().optional(),
      initialDelay: z.unknown().optional(),
    },
    { error: 'must be a schedule: { frequency, timeout, initialDelay? }' },
  )
  .superRefine((schedule, context) => {
    for (const key of Object.keys(schedule)) {
      if (TASK_SCHEDULE_KEYS.includes(key)) continue;
      context.addIssue({
        code: 'custom',
        path: [key],
        message:
          key === 'scope'
            ? 'cannot be set: whether a task runs on one replica at a time (global) or on each (local) is fixed by Trellis, as the task is only correct in that scope'
            : `is not known; allowed: ${TASK_SCHEDULE_KEYS.join(', ')}`,
      });
    }
  });

const schedulesSchema = section(
  Object.fromEntries(
    SCHEDULED_TASK_NAMES.map(name => [name, taskScheduleSchema.optional()]),
  ) as Record<ScheduledTaskName, z.ZodOptional<typeof taskScheduleSchema>>,
);

/** The schema of `microapps` in app-config. @public */
export const microAppsConfigSchema = section({
  models: modelCatalogSchema.optional(),
  risk: riskMatrixOverridesSchema.optional(),
  stewards: stewardsConfigSchema.prefault({}),
  killSwitch: killSwitchConfigSchema.prefault({}),
  approvals: approvalsSchema.prefault({}),
  marketplace: section({
    refreshIntervalSeconds: aboveZero(86_400, 30),
  }).prefault({}),
  notifications: section({
    expiryWarningDays: aboveZero(365, 14),
    scanIntervalSeconds: aboveZero(86_400, 3_600),
  }).prefault({}),
  api: section({
    validateResponses: z
      .preprocess(fromText, z.boolean({ error: 'must be true or false' }))
      .default(false),
  }).prefault({}),
  telemetry: telemetrySchema.prefault({}),
  /** Policy packs: where they are read from and how often. */
  policies: section({
    locations: z
      .array(
        section({
          type: z.enum(['file', 'url'], { error: 'must be file or url' }),
          target: z
            .string({ error: 'must be a path or URL' })
            .min(1, 'must not be empty'),
        }),
        { error: 'must be a list of { type: file | url, target }' },
      )
      .default([]),
    refreshIntervalSeconds: aboveZero(86_400, 60),
    evaluateIntervalSeconds: aboveZero(86_400, 60),
  }).prefault({}),
  /** Backstage schedules that replace the tasks' interval keys. */
  schedules: schedulesSchema.prefault({}),
  /** The trace viewer's address with `{traceId}` (read by the frontend). */
  traceViewerUrlTemplate: z.string({ error: 'must be a string' }).optional(),
});

/** `microapps` from app-config, with every default filled in. @public */
export type MicroAppsConfigValues = z.output<typeof microAppsConfigSchema>;

/**
 * Checks `microapps` from app-config (`config.getOptional('microapps')`)
 * and fills in the defaults; throws naming the first key at fault, e.g.
 * `microapps.approvals.ttlDays must be a number above 0 and at most 3650, got 0`.
 *
 * @public
 */
export function parseMicroAppsConfig(raw: unknown): MicroAppsConfigValues {
  return parseConfig(microAppsConfigSchema, raw ?? {}, 'microapps');
}

/** Checks `microapps.stewards`; throws naming the key at fault. @public */
export function parseStewardsConfig(
  raw: unknown,
): z.output<typeof stewardsConfigSchema> {
  return parseConfig(stewardsConfigSchema, raw ?? {}, 'microapps.stewards');
}

/** Checks `microapps.killSwitch`; throws naming the key at fault. @public */
export function parseKillSwitchConfig(
  raw: unknown,
): z.output<typeof killSwitchConfigSchema> {
  return parseConfig(killSwitchConfigSchema, raw ?? {}, 'microapps.killSwitch');
}
