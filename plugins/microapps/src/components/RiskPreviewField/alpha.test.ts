import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { microAppRiskPreviewFormField } from './alpha';
import { RiskPreviewField } from './RiskPreviewField';
import { riskPreviewValidation } from './validation';

describe('microAppRiskPreviewFormField', () => {
  it('gives the scaffolder the MicroAppRiskPreview field, loaded on demand', async () => {
    expect(microAppRiskPreviewFormField).toMatchObject({
      kind: 'scaffolder-form-field',
      name: 'microapp-risk-preview',
    });
    const loader = createExtensionTester(microAppRiskPreviewFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    // The field's options are what the scaffolder registers under `ui:field`.
    await expect(loader()).resolves.toMatchObject({
      name: 'MicroAppRiskPreview',
      component: RiskPreviewField,
      validation: riskPreviewValidation,
    });
  });
});
