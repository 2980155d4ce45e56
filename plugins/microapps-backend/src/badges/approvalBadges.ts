import {
  BADGE_RULES,
  type BadgeId,
  type BadgeState,
  type MicroAppStatus,
  type MicroAppStatusSeverity,
  type RiskTier,
} from '@trellis/plugin-microapps-common';
import { renderBadgeSvg } from './renderBadgeSvg';

/** The message colour of an approval badge in each state. */
export const BADGE_STATE_COLORS: Record<BadgeState, string> = {
  granted: '#2e7d32',
  pending: '#757575',
  stale: '#b26a00',
  expired: '#ad5700',
  revoked: '#c62828',
};

/** The colour of a badge the app's tier does not need. */
export const NOT_REQUIRED_COLOR = '#757575';

/** The message colour of the overall badge for each status severity. */
export const STATUS_SEVERITY_COLORS: Record<MicroAppStatusSeverity, string> = {
  ok: '#2e7d32',
  info: '#1565c0',
  warning: '#b26a00',
  error: '#c62828',
};

export interface ApprovalBadgeOptions {
  /**
   * Whether the app's tier needs this badge; defaults to true. A badge that is
   * not required and not granted reads "not required", in grey.
   */
  required?: boolean;
}

export interface OverallBadgeInput {
  tier: RiskTier;
  score: number;
  /** The app's status (`appStatus` of common). */
  status: MicroAppStatus;
}

/**
 * One approval badge, e.g. "Security review | granted". The label is the
 * badge's title from `BADGE_RULES`; the message is its state.
 */
export function renderApprovalBadgeSvg(
  badge: BadgeId,
  state: BadgeState,
  options: ApprovalBadgeOptions = {},
): string {
  const label = BADGE_RULES.find(rule => rule.badge === badge)?.title ?? badge;
  if (options.required === false && state !== 'granted') {
    return renderBadgeSvg({
      label,
      message: 'not required',
      color: NOT_REQUIRED_COLOR,
    });
  }
  return renderBadgeSvg({
    label,
    message: state,
    color: BADGE_STATE_COLORS[state],
  });
}

/**
 * The app's summary badge, e.g. "Trellis · high risk 65 | Running without
 * required approvals · 2/4 signed off": the status label, coloured by its
 * severity, and how many of the badges its stage needs are granted.
 */
export function renderOverallBadgeSvg(input: OverallBadgeInput): string {
  const score = Number.isFinite(input.score)
    ? String(Math.round(input.score))
    : '?';
  const { label, severity, requiredBadges, missingBadges } = input.status;
  const signedOff = requiredBadges.length
    ? ` · ${requiredBadges.length - missingBadges.length}/${
        requiredBadges.length
      } signed off`
    : '';
  return renderBadgeSvg({
    label: `Trellis · ${input.tier} risk ${score}`,
    message: `${label}${signedOff}`,
    color: STATUS_SEVERITY_COLORS[severity],
  });
}
