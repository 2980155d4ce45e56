import type { SpecChange } from '@trellis/plugin-microapps-common';

/** Names for people of the risk-relevant manifest fields the backend compares. */
const FIELD_LABELS: Record<string, string> = {
  type: 'Type',
  owner: 'Owner',
  reach: 'Reach',
  'data.classifications': 'Data classes',
  'data.pii': 'Personal data',
  connectors: 'Connectors',
  models: 'Models',
  'dependencies.risk': 'Dependency risk',
  'dependencies.sbom': 'SBOM',
  egress: 'Egress',
  url: 'Open-app address',
};

/** "data.classifications" → "Data classes"; unknown fields keep their path. */
export function specFieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** `resource:default/jira` → `jira`; other namespaces and kinds stay. */
function shortRef(ref: string): string {
  return ref.replace(/^resource:default\//i, '');
}

function isConnector(
  value: unknown,
): value is { name: string; exposure?: string; access?: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

/**
 * One side of a change, short enough for a table cell: lists joined with
 * commas, connectors as `jira (internal, read)`, nothing as `none`.
 */
export function specValueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map(specValueText).join(', ');
  }
  if (isConnector(value)) {
    const details = [value.exposure, value.access].filter(Boolean).join(', ');
    return details
      ? `${shortRef(value.name)} (${details})`
      : shortRef(value.name);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `azure-gpt-4.1-mini → deepseek-chat` */
export function specChangeText(change: SpecChange): string {
  return `${specValueText(change.before)} → ${specValueText(change.after)}`;
}
