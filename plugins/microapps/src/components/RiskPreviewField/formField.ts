import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  MICROAPP_RISK_PREVIEW_FIELD,
  riskPreviewFieldSchema,
} from './fieldExtension';
import { RiskPreviewField } from './RiskPreviewField';
import { riskPreviewValidation } from './validation';

/**
 * The risk preview as a form field of the new frontend system; loaded
 * lazily by {@link microAppRiskPreviewFormField}.
 *
 * @alpha
 */
export const riskPreviewFormField = createFormField({
  name: MICROAPP_RISK_PREVIEW_FIELD,
  component: RiskPreviewField,
  validation: riskPreviewValidation,
  schema: riskPreviewFieldSchema,
});
