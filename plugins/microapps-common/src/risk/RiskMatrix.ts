import type {
  DataClass,
  DependencyRiskLevel,
  Reach,
} from '../kind/MicroAppEntity';
import type { ModelHosting } from '../models/ModelCatalog';

/**
 * Points per factor value and the tier boundaries. Every number can be
 * overridden under `microapps.risk` in app-config.
 *
 * @public
 */
export interface RiskMatrix {
  dataSensitivity: Record<DataClass, number>;
  userReach: Record<Reach, number>;
  integrationExposure: {
    none: number;
    internal: number;
    'third-party': number;
    /** Added when any connector has write access. */
    writeAccess: number;
    /** The factor never scores more than this. */
    max: number;
  };
  modelRisk: Record<ModelHosting, number>;
  dependencyRisk: Record<DependencyRiskLevel, number>;
  tiers: {
    /** Highest score that is still `low`. */
    lowMax: number;
    /** Highest score that is still `medium`; above it is `high`. */
    mediumMax: number;
  };
}

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
export type RiskMatrixOverrides = {
  [K in keyof RiskMatrix]?: Partial<RiskMatrix[K]>;
};

/**
 * Merges overrides from `microapps.risk` over the default matrix. Unknown keys
 * and non-numeric values are rejected with an Error that names the key.
 *
 * @public
 */
export function buildRiskMatrix(overrides?: unknown): RiskMatrix {
  const matrix: RiskMatrix = JSON.parse(JSON.stringify(DEFAULT_RISK_MATRIX));
  if (overrides === undefined || overrides === null) return matrix;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error('microapps.risk must be an object');
  }
  for (const [section, values] of Object.entries(overrides)) {
    const target = (matrix as any)[section];
    if (!target) {
      throw new Error(
        `microapps.risk.${section} is not a risk factor; allowed: ${Object.keys(
          matrix,
        ).join(', ')}`,
      );
    }
    if (typeof values !== 'object' || values === null) {
      throw new Error(`microapps.risk.${section} must be an object of numbers`);
    }
    for (const [key, value] of Object.entries(values)) {
      if (!(key in target)) {
        throw new Error(
          `microapps.risk.${section}.${key} is not known; allowed: ${Object.keys(
            target,
          ).join(', ')}`,
        );
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(
          `microapps.risk.${section}.${key} must be a number of at least 0`,
        );
      }
      target[key] = value;
    }
  }
  if (matrix.tiers.lowMax >= matrix.tiers.mediumMax) {
    throw new Error(
      'microapps.risk.tiers.lowMax must be lower than microapps.risk.tiers.mediumMax',
    );
  }
  return matrix;
}
