import type { MicroAppSpec, RiskInput } from '@trellis/plugin-microapps-common';

/** The part of a manifest the what-if simulator edits. */
export function riskInputOf(spec: MicroAppSpec): RiskInput {
  return {
    reach: spec.reach,
    data: {
      classifications: [...spec.data.classifications],
      pii: spec.data.pii,
    },
    connectors: (spec.connectors ?? []).map(connector => ({ ...connector })),
    models: [...spec.models],
    dependencies: { ...spec.dependencies },
  };
}

/** What is sent for scoring: connectors without a name yet are left out. */
export function scorableRiskInput(input: RiskInput): RiskInput {
  return {
    ...input,
    connectors: (input.connectors ?? [])
      .map(connector => ({ ...connector, name: connector.name.trim() }))
      .filter(connector => connector.name),
  };
}

/** Whether two drafts score the same: same values, whatever the order of lists. */
export function sameRiskInput(a: RiskInput, b: RiskInput): boolean {
  const canonical = (input: RiskInput) => {
    const scorable = scorableRiskInput(input);
    return JSON.stringify({
      reach: scorable.reach,
      classifications: [...scorable.data.classifications].sort(),
      pii: scorable.data.pii,
      connectors: (scorable.connectors ?? [])
        .map(c => `${c.name}|${c.exposure}|${c.access}`)
        .sort(),
      models: [...scorable.models].sort(),
      dependencies: scorable.dependencies.risk,
    });
  };
  return canonical(a) === canonical(b);
}
