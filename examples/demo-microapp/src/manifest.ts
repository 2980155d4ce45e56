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

/**
 * The example catalog's `customer-reply-assistant`: Customer Support's
 * drafting assistant on confidential data. Playing it (`--app
 * customer-reply-assistant`) shows the example policy pack at work: its
 * masked e-mail addresses count as PII findings on confidential data.
 *
 * @public
 */
export const CUSTOMER_REPLY_ASSISTANT: MicroAppIdentity = {
  name: 'customer-reply-assistant',
  version: '1.1.0',
  model: 'azure-gpt-4.1',
  provider: 'azure.ai.openai',
};

/** The apps the demo can play, by `metadata.name`. @public */
export const DEMO_APPS: Readonly<Record<string, MicroAppIdentity>> = {
  [HELP_CENTER_DIGEST.name]: HELP_CENTER_DIGEST,
  [CUSTOMER_REPLY_ASSISTANT.name]: CUSTOMER_REPLY_ASSISTANT,
};

/** The MicroApp entity ref Trellis attributes spans to: `microapp:default/<name>`. @public */
export function microAppRef(name: string): string {
  return `microapp:default/${name}`;
}
