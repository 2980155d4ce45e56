import { z } from 'zod';
import {
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  REACH_VALUES,
} from '../kind/MicroAppEntity';
import { MODEL_HOSTINGS } from '../models/ModelCatalog';
import { parseConfig } from '../models/parseConfig';

const POINTS = 'must be a number of at least 0';
const points = z.number({ error: POINTS }).min(0, POINTS);

/** Points for each value of a scale, e.g. each data class. */
const pointsPer = <T extends string>(values: readonly T[]) =>
  z.strictObject(
    Object.fromEntries(values.map(value => [value, points])) as Record<
      T,
      typeof points
    >,
  );

/** The schema of a complete risk matrix. @public */
export const riskMatrixSchema = z
  .strictObject({
    dataSensitivity: pointsPer(DATA_CLASSES),
    userReach: pointsPer(REACH_VALUES),
    integrationExposure: z.strictObject({
      none: points,
      internal: points,
      'third-party': points,
      /** Added when any connector has write access. */
      writeAccess: points,
      /** The factor never scores more than this. */
      max: points,
    }),
    modelRisk: pointsPer(MODEL_HOSTINGS),
    dependencyRisk: pointsPer(DEPENDENCY_RISK_LEVELS),
    tiers: z.strictObject({
      /** Highest score that is still `low`. */
      lowMax: points,
      /** Highest score that is still `medium`; above it is `high`. */
      mediumMax: points,
    }),
  })
  .refine(({ tiers }) => tiers.lowMax < tiers.mediumMax, {
    path: ['tiers', 'lowMax'],
    message: 'must be lower than microapps.risk.tiers.mediumMax',
  });

/**
 * Points per factor value and the tier boundaries. Every number can be
 * overridden under `microapps.risk` in app-config.
 *
 * @public
 */
export type RiskMatrix = z.infer<typeof riskMatrixSchema>;

/** Some of a factor's numbers, as app-config overrides them. */
const overridesOf = <Shape extends z.core.$ZodShape>(
  factor: z.ZodObject<Shape>,
) =>
  z
    .strictObject(factor.partial().shape, {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? `is not known; allowed: ${Object.keys(factor.shape).join(', ')}`
          : 'must be an object of numbers',
    })
    .optional();

const { shape } = riskMatrixSchema;
/** The schema of `microapps.risk`: overrides of the default matrix. @public */
export const riskMatrixOverridesSchema = z.strictObject(
  {
    dataSensitivity: overridesOf(shape.dataSensitivity),
    userReach: overridesOf(shape.userReach),
    integrationExposure: overridesOf(shape.integrationExposure),
    modelRisk: overridesOf(shape.modelRisk),
    dependencyRisk: overridesOf(shape.dependencyRisk),
    tiers: overridesOf(shape.tiers),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `is not a risk factor; allowed: ${Object.keys(shape).join(', ')}`
        : 'must be an object',
  },
);

/** The default matrix of docs/CONVENTIONS.md ("Risk score"). @public */
export const DEFAULT_RISK_MATRIX: RiskMatrix = {
  dataSensitivity: { public: 0, internal: 10, confidential: 25, regulated: 40 },
  userReach: { 'single-user': 0, team: 10, 'org-wide': 20, external: 20 },
  integrationExposure: {
    none: 0,
    internal: 8,
    'third-party': 15,
    writeAccess: 3,
    max: 15,
  },
  modelRisk: { enterprise: 0, public: 10, unvetted: 15 },
  dependencyRisk: { minimal: 0, moderate: 5, high: 10 },
  tiers: { lowMax: 20, mediumMax: 50 },
};

/** A partial matrix as written in app-config. @public */
export type RiskMatrixOverrides = z.infer<typeof riskMatrixOverridesSchema>;

/**
 * Merges overrides from `microapps.risk` over the default matrix. Unknown keys
 * and non-numeric values are rejected with an Error that names the key.
 *
 * @public
 */
export function buildRiskMatrix(overrides?: unknown): RiskMatrix {
  const key = 'microapps.risk';
  const parsed = parseConfig(riskMatrixOverridesSchema, overrides ?? {}, key);
  const merged = Object.fromEntries(
    Object.entries(DEFAULT_RISK_MATRIX).map(([factor, values]) => [
      factor,
      { ...values, ...parsed[factor as keyof RiskMatrix] },
    ]),
  );
  // Parsed again, into a copy, for the rules across factors (tier order).
  return parseConfig(riskMatrixSchema, merged, key);
}
