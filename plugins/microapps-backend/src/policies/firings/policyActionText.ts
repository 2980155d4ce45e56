import { badgeTitle } from '@trellis/plugin-microapps-common';
import type { PolicyAction } from '../policyPackSchema';

/** An action in words, as the audit log and the incident timeline say it. */
export function describeAction(action: PolicyAction): string {
  switch (action.type) {
    case 'kill-switch':
      return 'Kill switch engaged';
    case 'block-promotion':
      return 'Promotion blocked until the condition is false again';
    case 'require-review':
      return `New review required: ${action.badges.map(badgeTitle).join(', ')}`;
    case 'notify':
      return `Notified ${recipientText(action.to)}`;
    default:
      return 'Unknown action';
  }
}

function recipientText(to: string): string {
  if (to === 'owners') return 'the owners';
  if (to.startsWith('stewards:')) return `the ${to.slice(9)} stewards`;
  return to;
}

/** `window.budgetUsedPct = 153.2, app.monthlyBudgetUsd = 120`, for a reason given to people. */
export function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([field, value]) => `${field} = ${formatValue(value)}`)
    .join(', ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isInteger(value)) {
    return String(Math.round(value * 10) / 10);
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'undefined';
}
