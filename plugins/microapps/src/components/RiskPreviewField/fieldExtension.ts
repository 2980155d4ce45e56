import {
  createScaffolderFieldExtension,
  makeFieldSchema,
  type FieldExtensionOptions,
} from '@backstage/plugin-scaffolder-react';
import { RiskPreviewField } from './RiskPreviewField';
import type { RiskPreviewUiOptions } from './riskInputFromForm';
import { riskPreviewValidation } from './validation';

/**
 * The `ui:field` name of the risk preview in templates.
 *
 * @public
 */
export const MICROAPP_RISK_PREVIEW_FIELD = 'MicroAppRiskPreview';

/**
 * The field's value (the computed tier) and `ui:options`, as JSON Schema for
 * the template editor's field explorer.
 *
 * @public
 */
export const riskPreviewFieldSchema = makeFieldSchema({
  output: z =>
    z
      .enum(['low', 'medium', 'high'])
      .describe('The risk tier the answers earn, as last computed'),
  uiOptions: z =>
    z.object({
      fields: z
        .record(z.string())
        .optional()
        .describe(
          'Form property (or dot path) of each answer: reach, classifications, pii, models, connectors, dependencyRisk, sbom',
        ),
      spec: z
        .object({})
        .passthrough()
        .optional()
        .describe(
          'Parts of the MicroApp spec the template fixes, e.g. connectors and dependencies',
        ),
      maxTier: z
        .enum(['low', 'medium', 'high'])
        .optional()
        .describe(
          'Highest tier the template accepts; higher answers block the step',
        ),
    }),
});

/**
 * Everything `createScaffolderFieldExtension` needs for the risk preview:
 * name, component, validation and schema.
 *
 * @public
 */
export const riskPreviewFieldExtensionOptions: FieldExtensionOptions<
  string,
  RiskPreviewUiOptions
> = {
  name: MICROAPP_RISK_PREVIEW_FIELD,
  component: RiskPreviewField,
  validation: riskPreviewValidation,
  schema: riskPreviewFieldSchema.schema,
};

/**
 * The risk preview as a legacy scaffolder field extension, ready for
 * `microAppsPlugin.provide(...)`.
 *
 * @public
 */
export const riskPreviewScaffolderFieldExtension =
  createScaffolderFieldExtension(riskPreviewFieldExtensionOptions);
