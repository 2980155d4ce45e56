import type {
  BadgeState,
  GatedStage,
  PiiHandling,
  PolicyDecision,
  Reach,
  RiskFactorName,
  ViolationSeverity,
  ViolationType,
} from '@trellis/plugin-microapps-common';
import type { IncidentSeverity, IncidentState } from '../../../api';

/** "org-wide" → "Org-wide". */
export const capitalize = (value: string) =>
  value.charAt(0).toLocaleUpperCase('en-US') + value.slice(1);

export const FACTOR_TITLES: Record<RiskFactorName, string> = {
  dataSensitivity: 'Data sensitivity',
  userReach: 'User reach',
  integrationExposure: 'Integration exposure',
  modelRisk: 'Model risk',
  dependencyRisk: 'Dependency risk',
  prohibitedModel: 'Prohibited model',
  override: 'Raw personal data rule',
};

export const REACH_TITLES: Record<Reach, string> = {
  'single-user': 'Single user',
  team: 'One team',
  'org-wide': 'Whole organisation',
  external: 'External (outside the organisation)',
};

export const PII_TITLES: Record<PiiHandling, string> = {
  none: 'No personal data',
  masked: 'Masked before it reaches the model',
  raw: 'Raw personal data reaches the model',
};

export const BADGE_STATE_TITLES: Record<BadgeState, string> = {
  granted: 'Granted',
  pending: 'Pending',
  stale: 'Stale',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const STAGE_TITLES: Record<GatedStage, string> = {
  canary: 'Canary',
  production: 'Production',
};

export const VIOLATION_TYPE_TITLES: Record<ViolationType, string> = {
  pii_detected: 'PII detected',
  pii_unmasked: 'Unmasked PII',
  prompt_injection: 'Prompt injection',
  unapproved_model: 'Unapproved model',
  undeclared_model: 'Undeclared model',
  prohibited_model: 'Prohibited model',
  quota_exceeded: 'Quota exceeded',
  budget_exceeded: 'Budget exceeded',
  egress_blocked: 'Egress blocked',
  unregistered_app: 'Unregistered app',
  cost_mismatch: 'Cost mismatch',
  killed_app_active: 'Active while killed',
  other: 'Other',
};

export const SEVERITY_TITLES: Record<ViolationSeverity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

/** Incidents and policies also know `critical`. */
export const INCIDENT_SEVERITY_TITLES: Record<IncidentSeverity, string> = {
  ...SEVERITY_TITLES,
  critical: 'Critical',
};

export const INCIDENT_STATE_TITLES: Record<IncidentState, string> = {
  open: 'Open',
  mitigated: 'Mitigated',
  closed: 'Closed',
};

export const POLICY_MODE_TITLES: Record<'enforce' | 'dry-run', string> = {
  enforce: 'Enforce',
  'dry-run': 'Dry run',
};

export const DECISION_TITLES: Record<PolicyDecision, string> = {
  allow: 'Allowed',
  deny: 'Denied',
  redact: 'Redacted',
  warn: 'Warned',
};

/** What an audit log action did, in words. */
export function auditActionTitle(action: string): string {
  switch (action) {
    case 'badge.granted':
      return 'Granted';
    case 'badge.revoked':
      return 'Revoked';
    case 'badge.changes-requested':
      return 'Requested changes to';
    case 'killswitch.enabled':
      return 'Kill switch turned on';
    case 'killswitch.release-requested':
      return 'Kill switch release requested';
    case 'killswitch.disabled':
      return 'Kill switch turned off';
    default:
      return action;
  }
}
