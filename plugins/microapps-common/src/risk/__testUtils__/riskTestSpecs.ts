/**
 * A model catalog and a baseline spec for the risk engine's tests, and a
 * helper that scores a spec and picks one factor out.
 */
import type { ModelCatalogEntry } from '../../models/ModelCatalog';
import {
  evaluateRisk,
  type RiskEngineOptions,
  type RiskInput,
} from '../RiskEngine';

const price = { inputPer1M: 1, outputPer1M: 2 };
export const models: ModelCatalogEntry[] = [
  {
    id: 'ent',
    provider: 'azure',
    status: 'approved',
    hosting: 'enterprise',
    pricing: price,
  },
  {
    id: 'pub',
    provider: 'openai',
    status: 'restricted',
    hosting: 'public',
    pricing: price,
  },
  {
    id: 'wild',
    provider: 'community',
    status: 'prohibited',
    hosting: 'unvetted',
    pricing: price,
  },
];

/** A spec that scores 0 on every factor; each test changes one thing. */
export const baseline: RiskInput = {
  reach: 'single-user',
  data: { classifications: ['public'], pii: 'none' },
  connectors: [],
  models: ['ent'],
  dependencies: { risk: 'minimal', sbom: 'https://sbom.example/app.json' },
};

export function factor(
  spec: Partial<RiskInput>,
  name: string,
  options: RiskEngineOptions = { models },
) {
  const result = evaluateRisk({ ...baseline, ...spec }, options);
  const found = result.factors.find(f => f.factor === name);
  if (!found) throw new Error(`no factor ${name}`);
  return { ...found, score: result.score, tier: result.tier };
}
