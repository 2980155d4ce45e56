/**
 * Who the demo is: the values below are copied from the `help-center-digest`
 * MicroApp in `examples/microapps/customer-support.yaml`, so that Trellis
 * attributes the demo's traces, cost and violations to that app.
 *
 * @public
 */
export interface MicroAppIdentity {
  /** `metadata.name`: also the OpenTelemetry `service.name`. */
  name: string;
  /** `spec.version`: the OpenTelemetry `service.version`. */
  version: string;
  /** `spec.template`, when the app was created from a software template. */
  templateRef?: string;
  /** The model the app calls: one of `spec.models`, as the model catalog names it. */
  model: string;
  /** `gen_ai.provider.name` for that model (GenAI semantic conventions). */
  provider: string;
}

/** The example catalog's `help-center-digest` summarizer. @public */
export const HELP_CENTER_DIGEST: MicroAppIdentity = {
  name: 'help-center-digest',
  version: '1.0.3',
  templateRef: 'template:default/microapp-summarizer',
  model: 'azure-gpt-4.1-mini',
  provider: 'azure.ai.openai',
};

/** The MicroApp entity ref Trellis attributes spans to: `microapp:default/<name>`. @public */
export function microAppRef(name: string): string {
  return `microapp:default/${name}`;
}
