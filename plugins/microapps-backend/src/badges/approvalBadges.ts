import {
  BADGE_RULES,
  type BadgeId,
  type BadgeState,
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

/** The verdict an overall badge shows. */
export type OverallBadgeStatus =
  | 'approved'
  | 'needs review'
  | 'blocked'
  | 'killed';

/** The message colour of the overall badge for each verdict. */
export const OVERALL_STATUS_COLORS: Record<OverallBadgeStatus, string> = {
  approved: '#2e7d32',
  'needs review': '#b26a00',
  blocked: '#c62828',
  killed: '#6d1b1b',
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
  status: OverallBadgeStatus;
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
 * The app's summary badge, e.g. "Trellis · high risk 65 | blocked".
 */
export function renderOverallBadgeSvg(input: OverallBadgeInput): string {
  const score = Number.isFinite(input.score)
    ? String(Math.round(input.score))
    : '?';
  return renderBadgeSvg({
    label: `Trellis · ${input.tier} risk ${score}`,
    message: input.status,
    color: OVERALL_STATUS_COLORS[input.status],
  });
}
