import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  BADGE_IDS,
  BADGE_RULES,
  type BadgeDetail,
  evaluateRisk,
  type Gate,
  type GatedStage,
  manifestDigest,
  type MicroAppDetail,
  type MicroAppEntity,
  type ModelCatalogEntry,
  requiredBadges,
  type RiskMatrix,
} from '@trellis/plugin-microapps-common';
import { normalizeGroupRef } from '../MarketplaceIndex/MarketplaceIndex';

/**
 * Builds the app detail: risk explanation, digest, badge states and the gate
 * per stage. Until the governance store exists no badge is granted, so every
 * required badge is reported missing.
 */
export function describeApp(
  entity: MicroAppEntity,
  options: { models: readonly ModelCatalogEntry[]; riskMatrix: RiskMatrix },
): MicroAppDetail {
  const risk = evaluateRisk(entity.spec, { models: options.models, matrix: options.riskMatrix });
  const required = {
    canary: requiredBadges(risk.tier, 'canary'),
    production: requiredBadges(risk.tier, 'production'),
  };
  const badges: BadgeDetail[] = BADGE_IDS.map(badge => ({
    badge,
    state: 'pending',
    required: required.production.includes(badge),
    requiredFor: required.canary.includes(badge)
      ? 'canary'
      : required.production.includes(badge)
      ? 'production'
      : undefined,
  }));
  const gate = (stage: GatedStage): Gate => {
    const missing = badges.filter(b => required[stage].includes(b.badge) && b.state !== 'granted');
    return {
      stage,
      allowed: missing.length === 0,
      missing: missing.map(b => b.badge),
      reasons: missing.map(b => `${badgeTitle(b.badge)} is ${b.state}; a ${risk.tier}-tier app needs it before ${stage}`),
    };
  };
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    title: entity.metadata.title ?? entity.metadata.name,
    description: entity.metadata.description,
    owner: normalizeGroupRef(entity.spec.owner, entity.metadata.namespace),
    lifecycle: entity.spec.lifecycle,
    digest: manifestDigest(entity.spec),
    risk,
    requiredBadges: required,
    badges,
    gates: { canary: gate('canary'), production: gate('production') },
  };
}

function badgeTitle(badge: string): string {
  return BADGE_RULES.find(rule => rule.badge === badge)?.title ?? badge;
}
