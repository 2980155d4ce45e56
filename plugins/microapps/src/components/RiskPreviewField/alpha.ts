import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `scaffolder-form-field:microapps/microapp-risk-preview`: the
 * `MicroAppRiskPreview` field for the scaffolder of the new frontend system.
 *
 * @alpha
 */
export const microAppRiskPreviewFormField = FormFieldBlueprint.make({
  name: 'microapp-risk-preview',
  params: {
    field: () => import('./formField').then(m => m.riskPreviewFormField),
  },
});
