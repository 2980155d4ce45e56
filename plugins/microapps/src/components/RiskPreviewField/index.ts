export { RiskPreviewField, RISK_PREVIEW_DEBOUNCE_MS } from './RiskPreviewField';
export type { RiskPreviewFieldProps } from './RiskPreviewField';
export { riskPreviewValidation } from './validation';
export { riskInputFromForm } from './riskInputFromForm';
export type { RiskAnswer, RiskPreviewUiOptions } from './riskInputFromForm';
export {
  RISK_FACTOR_LABELS,
  RiskPreviewBreakdown,
  riskHints,
  tierConsequence,
} from './RiskPreviewBreakdown';
export type { RiskPreviewBreakdownProps } from './RiskPreviewBreakdown';
export {
  MICROAPP_RISK_PREVIEW_FIELD,
  riskPreviewFieldExtensionOptions,
  riskPreviewFieldSchema,
  riskPreviewScaffolderFieldExtension,
} from './fieldExtension';
export { microAppRiskPreviewFormField } from './alpha';
