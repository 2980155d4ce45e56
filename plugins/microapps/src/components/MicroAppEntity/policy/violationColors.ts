import type { Theme } from '@material-ui/core/styles';
import type { ViolationType } from '@trellis/plugin-microapps-common';

/**
 * One colour per violation type from the theme's palette, so that the chart
 * follows light and dark themes; the reds go to the most serious types.
 */
export function violationTypeColor(theme: Theme, type: ViolationType): string {
  const { palette } = theme;
  switch (type) {
    case 'pii_unmasked':
      return palette.error.main;
    case 'prompt_injection':
      return palette.error.dark;
    case 'prohibited_model':
      return palette.error.light;
    case 'pii_detected':
      return palette.warning.main;
    case 'budget_exceeded':
      return palette.warning.dark;
    case 'egress_blocked':
      return palette.warning.light;
    case 'unapproved_model':
      return palette.secondary.main;
    case 'undeclared_model':
      return palette.info.main;
    case 'unregistered_app':
      return palette.primary.main;
    case 'quota_exceeded':
      return palette.info.dark;
    case 'killed_app_active':
      return palette.error.main;
    case 'cost_mismatch':
      return palette.secondary.dark;
    default:
      return palette.grey[500];
  }
}
