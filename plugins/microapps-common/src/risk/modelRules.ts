import type { ResolvedModel } from '../models/ModelCatalog';
import type { RiskFactor } from './riskFactor';
import type { RiskMatrix } from './RiskMatrix';
import { list } from './riskText';

/** "gpt-x (public-hosted)", "m (prohibited, public-hosted)", "n (not in the model catalog, so unvetted)" */
function describeModel(model: ResolvedModel): string {
  if (!model.known)
    return `${model.id} (not in the model catalog, so unvetted)`;
  const hosting =
    model.hosting === 'unvetted'
      ? 'unvetted hosting, never security-reviewed'
      : `${model.hosting}-hosted`;
  return model.status === 'prohibited'
    ? `${model.id} (prohibited, ${hosting})`
    : `${model.id} (${hosting})`;
}

/** The declared models the catalog prohibits, each id once, in declared order. */
export function prohibitedModelIds(models: ResolvedModel[]): string[] {
  return [
    ...new Set(models.filter(m => m.status === 'prohibited').map(m => m.id)),
  ];
}

/**
 * The model factor: the points of the riskiest hosting among the declared
 * models. The reason names the riskiest models and every unvetted or
 * prohibited one, so that neither is hidden behind a riskier model.
 */
export function modelRiskFactor(
  models: ResolvedModel[],
  matrix: RiskMatrix,
): RiskFactor {
  const points = matrix.modelRisk;
  const maxPoints = Math.max(...Object.values(points));
  if (models.length === 0) {
    return {
      factor: 'modelRisk',
      points: 0,
      maxPoints,
      reason: 'No models declared',
    };
  }
  const worst = models.reduce((a, b) =>
    points[b.hosting] > points[a.hosting] ? b : a,
  );
  const riskiest = models.filter(
    m => points[m.hosting] === points[worst.hosting],
  );
  const flagged = models.filter(
    m =>
      !riskiest.includes(m) &&
      (m.hosting === 'unvetted' || m.status === 'prohibited'),
  );
  const saved = points[worst.hosting] - points.enterprise;
  return {
    factor: 'modelRisk',
    points: points[worst.hosting],
    maxPoints,
    reason: [
      `Calls ${list(riskiest.map(describeModel))}`,
      ...(flagged.length ? [`also ${list(flagged.map(describeModel))}`] : []),
    ].join('; '),
    hint:
      saved > 0
        ? `Route to an enterprise-hosted model instead of ${list(
            riskiest.map(m => m.id),
          )}: −${saved}`
        : undefined,
  };
}

/**
 * A prohibited model is not allowed in the portal at all: the factor says so
 * and adds the points that bring the score up to the high tier's lowest
 * score (none when the score is already there), so that the factors still
 * sum to the score and the tier is at least high.
 */
export function prohibitedModelFactor(
  models: ResolvedModel[],
  scoreSoFar: number,
  matrix: RiskMatrix,
): RiskFactor | undefined {
  const ids = prohibitedModelIds(models);
  if (ids.length === 0) return undefined;
  const highMin = matrix.tiers.mediumMax + 1;
  const one = ids.length === 1;
  return {
    factor: 'prohibitedModel',
    points: Math.max(0, highMin - scoreSoFar),
    maxPoints: highMin,
    reason: `${list(ids)} ${
      one ? 'is' : 'are'
    } prohibited in this portal — remove ${
      one ? 'it' : 'them'
    }. An app that declares a prohibited model is at least high risk.`,
    hint: `Remove ${list(ids)} from spec.models or replace ${
      one ? 'it' : 'them'
    } with an approved model`,
    notAllowed: true,
  };
}
