/**
 * A small summarizer micro-app instrumented with the OpenTelemetry SDK: GenAI
 * spans, policy events and usage that Trellis turns into cost and violations.
 *
 * @packageDocumentation
 */
export {
  HELP_CENTER_DIGEST,
  microAppRef,
  type MicroAppIdentity,
} from './manifest';
export {
  type ChatCompletion,
  type ChatModel,
  countTokens,
  createSimulatedModel,
  type SimulatedModelOptions,
} from './model';
export {
  applyPromptPolicy,
  detectPromptInjection,
  EMAIL_MASK,
  PHONE_MASK,
  type PolicyFinding,
  type PolicyOutcome,
  type PolicyRule,
  type Redaction,
  redactPii,
} from './policy';
export { sampleRequests } from './samples';
export { createDemoServer, MAX_BODY_BYTES } from './server';
export {
  buildPrompt,
  createSummarizeHandler,
  type ErrorBody,
  type HandlerResult,
  hashPrompt,
  SUMMARY_INSTRUCTION,
  type SummarizeHandler,
  type SummarizeHandlerOptions,
  type SummarizeRequest,
  type SummarizeResponse,
} from './summarize';
export {
  CountingSpanExporter,
  DEFAULT_OTLP_HEADERS,
  DEFAULT_TRACES_ENDPOINT,
  explainExportError,
  type ExportTally,
  microAppResource,
  otlpExporterConfig,
  startTelemetry,
  type Telemetry,
  type TelemetryOptions,
  tracesEndpoint,
} from './telemetry';
