/**
 * OpenTelemetry attribute names Trellis reads from micro-app traces
 * (docs/CONVENTIONS.md, "Telemetry (OTLP) conventions").
 *
 * @public
 */
export const TelemetryAttributes = {
  microAppRef: 'trellis.microapp.ref',
  serviceName: 'service.name',
  templateRef: 'trellis.template.ref',
  connector: 'trellis.connector',
  promptHash: 'trellis.prompt.hash',
  policyDecision: 'trellis.policy.decision',
  policyViolation: 'trellis.policy.violation',
  policyRule: 'trellis.policy.rule',
  policySeverity: 'trellis.policy.severity',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cachedInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  costUsd: 'gen_ai.usage.cost',
  finishReasons: 'gen_ai.response.finish_reasons',
  endUserId: 'enduser.id',
  userId: 'user.id',
} as const;

/** Attributes and events that carry prompt or completion content; dropped at ingest. @public */
export const CONTENT_ATTRIBUTES = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.system_instructions',
] as const;

/** @public */
export const VIOLATION_TYPES = [
  'pii_detected',
  'pii_unmasked',
  'prompt_injection',
  'unapproved_model',
  'undeclared_model',
  'prohibited_model',
  'quota_exceeded',
  'budget_exceeded',
  'egress_blocked',
  'unregistered_app',
  'cost_mismatch',
  'killed_app_active',
  'other',
] as const;
/** @public */
export type ViolationType = (typeof VIOLATION_TYPES)[number];
