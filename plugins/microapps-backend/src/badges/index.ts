export {
  BADGE_FALLBACK_COLOR,
  BADGE_LABEL_COLOR,
  BADGE_TEXT_LIMIT,
  badgeText,
  renderBadgeSvg,
  type BadgeSvgInput,
} from './renderBadgeSvg';
export {
  BADGE_STATE_COLORS,
  NOT_REQUIRED_COLOR,
  STATUS_SEVERITY_COLORS,
  renderApprovalBadgeSvg,
  renderOverallBadgeSvg,
  type ApprovalBadgeOptions,
  type OverallBadgeInput,
} from './approvalBadges';
export type {
  BadgeId,
  BadgeState,
  MicroAppStatus,
  RiskTier,
} from '@trellis/plugin-microapps-common';
