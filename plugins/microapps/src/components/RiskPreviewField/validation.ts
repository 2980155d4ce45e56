import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { RISK_TIERS, type RiskTier } from '@trellis/plugin-microapps-common';
import type { RiskPreviewUiOptions } from './riskInputFromForm';

/**
 * Validation of the `MicroAppRiskPreview` field. Only when the template sets
 * `ui:options.maxTier`: answers whose computed tier is higher stop the form
 * at this step, with the way out in the message.
 *
 * @public
 */
export const riskPreviewValidation: CustomFieldValidator<
  string,
  RiskPreviewUiOptions
> = (tier, validation, context) => {
  const maxTier = context.uiSchema?.['ui:options']?.maxTier;
  if (!maxTier || !tier) return;
  const rank = (value: string) => RISK_TIERS.indexOf(value as RiskTier);
  if (rank(maxTier) < 0 || rank(tier) <= rank(maxTier)) return;
  validation.addError(
    `These answers put the micro-app in the ${tier} risk tier; this template is meant for ${maxTier} risk or lower. Follow the hints above to lower the score, or pick a template made for ${tier}-risk micro-apps.`,
  );
};
