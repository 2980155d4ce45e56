import type { z } from 'zod';
import {
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  REACH_VALUES,
} from '../kind/MicroAppEntity';
import { microAppSpecSchema } from '../kind/microAppSchema';
import {
  resolveModel,
  type ModelCatalogEntry,
  type ResolvedModel,
} from '../models/ModelCatalog';
import { DEFAULT_RISK_MATRIX, type RiskMatrix } from './RiskMatrix';
import { modelRiskFactor, prohibitedModelFactor } from './modelRules';
import type { RiskFactor } from './riskFactor';
import { capitalize, list, plural } from './riskText';
import {
  type ConnectorExposureMap,
  type ConnectorExposureMismatch,
  effectiveConnectors,
} from './connectorExposure';

export type { RiskFactor, RiskFactorName } from './riskFactor';

/** @public */
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
/** @public */
export type RiskTier = (typeof RISK_TIERS)[number];

/** @public */
export interface RiskResult {
  score: number;
  tier: RiskTier;
  factors: RiskFactor[];
}

/**
 * The part of a MicroApp spec the score depends on, checked as in a
 * manifest. Other spec fields may be given; they are dropped, as they do not
 * change the score.
 *
 * @public
 */
export const riskInputSchema = microAppSpecSchema
  .pick({
    reach: true,
    data: true,
    connectors: true,
    models: true,
    dependencies: true,
  })
  .strip();

/** The part of a MicroApp spec the score depends on. @public */
export type RiskInput = z.infer<typeof riskInputSchema>;

/** @public */
export interface RiskEngineOptions {
  models: readonly ModelCatalogEntry[];
  matrix?: RiskMatrix;
  /**
   * The catalog's exposure of connector Resources (see
   * {@link ConnectorExposureMap}); a connector declared less exposed than its
   * Resource is scored with the catalog's exposure. Without it, declared
   * exposures are scored as they are.
   */
  connectorExposures?: ConnectorExposureMap;
  /** The MicroApp's namespace, which `resource:name` connectors default to; `default` if not given. */
  namespace?: string;
}

/**
 * Maps a score to its tier under the matrix's boundaries.
 *
 * @public
 */
export function tierForScore(
  score: number,
  matrix: RiskMatrix = DEFAULT_RISK_MATRIX,
): RiskTier {
  if (score <= matrix.tiers.lowMax) return 'low';
  if (score <= matrix.tiers.mediumMax) return 'medium';
  return 'high';
}

/**
 * Scores a MicroApp spec from 0 to 100 and explains every factor.
 *
 * @public
 */
export function evaluateRisk(
  spec: RiskInput,
  options: RiskEngineOptions,
): RiskResult {
  const matrix = options.matrix ?? DEFAULT_RISK_MATRIX;
  const models = spec.models.map(id => resolveModel(id, options.models));
  const { connectors, mismatches } = effectiveConnectors(
    spec,
    options.connectorExposures,
    options.namespace,
  );
  const factors: RiskFactor[] = [
    dataSensitivityFactor(spec, matrix),
    userReachFactor(spec, matrix),
    integrationExposureFactor({ ...spec, connectors }, matrix, mismatches),
    modelRiskFactor(models, matrix),
    dependencyRiskFactor(spec, matrix),
  ];
  const sum = () => factors.reduce((total, factor) => total + factor.points, 0);

  const prohibited = prohibitedModelFactor(models, sum(), matrix);
  if (prohibited) factors.push(prohibited);
  const override = rawPiiOverride(spec, models, sum(), matrix);
  if (override) factors.push(override);

  const score = Math.min(100, sum());
  return { score, tier: tierForScore(score, matrix), factors };
}

function dataSensitivityFactor(
  spec: RiskInput,
  matrix: RiskMatrix,
): RiskFactor {
  const points = matrix.dataSensitivity;
  const highest = [...DATA_CLASSES]
    .reverse()
    .find(dataClass => spec.data.classifications.includes(dataClass));
  const maxPoints = Math.max(...Object.values(points));
  if (!highest) {
    return {
      factor: 'dataSensitivity',
      points: 0,
      maxPoints,
      reason: 'No data classification declared',
    };
  }
  const lower = nearestCheaperValue(DATA_CLASSES, highest, points);
  return {
    factor: 'dataSensitivity',
    points: points[highest],
    maxPoints,
    reason: `Touches ${highest} data (its most sensitive class)`,
    hint: lower
      ? `Keep ${highest} data out so the app touches at most ${lower} data: −${
          points[highest] - points[lower]
        }`
      : undefined,
  };
}

function userReachFactor(spec: RiskInput, matrix: RiskMatrix): RiskFactor {
  const points = matrix.userReach;
  const narrower = nearestCheaperValue(REACH_VALUES, spec.reach, points);
  return {
    factor: 'userReach',
    points: points[spec.reach],
    maxPoints: Math.max(...Object.values(points)),
    reason: `Used by ${describeReach(spec.reach)}`,
    hint: narrower
      ? `Limit the audience to ${describeReach(narrower)}: −${
          points[spec.reach] - points[narrower]
        }`
      : undefined,
  };
}

function integrationExposureFactor(
  spec: RiskInput,
  matrix: RiskMatrix,
  mismatches: ConnectorExposureMismatch[] = [],
): RiskFactor {
  const scale = matrix.integrationExposure;
  const connectors = spec.connectors ?? [];
  const score = (
    exposure: 'none' | 'internal' | 'third-party',
    write: boolean,
  ) => Math.min(scale.max, scale[exposure] + (write ? scale.writeAccess : 0));
  const maxPoints = score('third-party', true);

  if (connectors.length === 0) {
    return {
      factor: 'integrationExposure',
      points: scale.none,
      maxPoints,
      reason: 'No connectors',
    };
  }
  const thirdParty = connectors
    .filter(c => c.exposure === 'third-party')
    .map(c => c.name);
  const writers = connectors.filter(c => c.access === 'write').map(c => c.name);
  const worst = thirdParty.length ? 'third-party' : 'internal';
  const points = score(worst, writers.length > 0);

  const reasonParts = [
    thirdParty.length
      ? `Third-party connector${plural(thirdParty)} ${list(thirdParty)}`
      : `Internal connector${plural(connectors)} only`,
  ];
  if (writers.length) reasonParts.push(`write access to ${list(writers)}`);
  for (const mismatch of mismatches) {
    reasonParts.push(
      `${mismatch.name} is ${mismatch.catalog} in the catalog although the manifest declares ${mismatch.declared}`,
    );
  }

  // Offer the single change that lowers the factor most.
  const options: Array<{ text: string; points: number }> = [];
  if (writers.length) {
    options.push({
      text: `make ${list(writers)} read-only`,
      points: score(worst, false),
    });
  }
  if (thirdParty.length) {
    options.push({
      text: `replace ${list(thirdParty)} with internal connectors`,
      points: score('internal', writers.length > 0),
    });
  }
  if (writers.length && thirdParty.length) {
    options.push({
      text: `replace ${list(
        thirdParty,
      )} with internal connectors and make every connector read-only`,
      points: score('internal', false),
    });
  }
  const best = options.reduce<{ text: string; points: number } | undefined>(
    (found, option) =>
      option.points < (found?.points ?? points) ? option : found,
    undefined,
  );
  return {
    factor: 'integrationExposure',
    points,
    maxPoints,
    reason: reasonParts.join('; '),
    hint: best
      ? `${capitalize(best.text)}: −${points - best.points}`
      : undefined,
  };
}

function dependencyRiskFactor(spec: RiskInput, matrix: RiskMatrix): RiskFactor {
  const points = matrix.dependencyRisk;
  const level = spec.dependencies.risk;
  const lower = nearestCheaperValue(DEPENDENCY_RISK_LEVELS, level, points);
  return {
    factor: 'dependencyRisk',
    points: points[level],
    maxPoints: Math.max(...Object.values(points)),
    reason: `Dependency risk is ${level}${
      spec.dependencies.sbom ? '' : ' and no SBOM is published'
    }`,
    hint: lower
      ? `Pin and vet dependencies to bring their risk down to ${lower}: −${
          points[level] - points[lower]
        }`
      : undefined,
  };
}

/** `data.pii: raw` with any non-enterprise model forces at least the high tier. */
function rawPiiOverride(
  spec: RiskInput,
  models: ResolvedModel[],
  baseScore: number,
  matrix: RiskMatrix,
): RiskFactor | undefined {
  const exposed = models.filter(m => m.hosting !== 'enterprise');
  if (spec.data.pii !== 'raw' || exposed.length === 0) return undefined;
  const highMin = matrix.tiers.mediumMax + 1;
  return {
    factor: 'override',
    points: Math.max(0, highMin - baseScore),
    maxPoints: highMin,
    reason: `Raw personal data reaches non-enterprise model${plural(
      exposed,
    )} ${list(exposed.map(m => m.id))}, which forces the high tier`,
    hint: 'Mask personal data before it reaches the model (data.pii: masked) or use only enterprise-hosted models',
  };
}

/**
 * Walks down an ordered scale from `current` and returns the nearest value
 * that scores fewer points, or undefined when none does.
 */
function nearestCheaperValue<T extends string>(
  scale: readonly T[],
  current: T,
  points: Record<T, number>,
): T | undefined {
  for (let i = scale.indexOf(current) - 1; i >= 0; i--) {
    if (points[scale[i]] < points[current]) return scale[i];
  }
  return undefined;
}

function describeReach(reach: RiskInput['reach']): string {
  switch (reach) {
    case 'single-user':
      return 'a single user';
    case 'team':
      return 'one team';
    case 'org-wide':
      return 'the whole organisation';
    default:
      return 'people outside the organisation';
  }
}
