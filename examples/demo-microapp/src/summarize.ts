/**
 * `POST /summarize`, independent of the HTTP server: parses the body, applies
 * the prompt policy, calls the model, and records one SERVER span with a
 * CLIENT `chat <model>` child in OpenTelemetry's GenAI conventions.
 *
 * Telemetry carries counts, names and a hash of the prompt; never the prompt
 * or the summary.
 */
import { createHash } from 'node:crypto';
import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import type { ChatModel } from './model';
import { applyPromptPolicy, type PolicyFinding } from './policy';

/** The request body. In a real deployment the user comes from the app's own sign-in. @public */
export interface SummarizeRequest {
  text: string;
  user: string;
}

/** The response body of a successful request. @public */
export interface SummarizeResponse {
  summary: string;
  /** Whether the policy masked e-mail addresses or phone numbers before the model saw the text. */
  redacted: boolean;
}

/** @public */
export interface ErrorBody {
  error: { name: string; message: string };
}

/** @public */
export interface HandlerResult {
  status: number;
  body: SummarizeResponse | ErrorBody;
}

/** Handles one `POST /summarize` body; `parent` is the caller's trace context, if any. @public */
export type SummarizeHandler = (
  rawBody: string,
  parent?: Context,
) => Promise<HandlerResult>;

/** @public */
export interface SummarizeHandlerOptions {
  tracer: Tracer;
  model: ChatModel;
}

/** The instruction placed before the article. @public */
export const SUMMARY_INSTRUCTION =
  'Summarise this help-center article in two sentences for support agents.';

const MAX_TEXT_LENGTH = 50_000;
const MAX_USER_LENGTH = 128;

/** The prompt sent to the model for an (already redacted) article. @public */
export function buildPrompt(text: string): string {
  return `${SUMMARY_INSTRUCTION}\n\n${text}`;
}

/** `trellis.prompt.hash`: SHA-256 of the prompt, hex. @public */
export function hashPrompt(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex');
}

/** @public */
export function createSummarizeHandler(
  options: SummarizeHandlerOptions,
): SummarizeHandler {
  const { tracer, model } = options;

  return async (rawBody, parent = ROOT_CONTEXT) => {
    const span = tracer.startSpan(
      'POST /summarize',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/summarize',
          'url.path': '/summarize',
        },
      },
      parent,
    );
    try {
      const result = await handle(
        { tracer, model },
        rawBody,
        span,
        trace.setSpan(parent, span),
      );
      span.setAttribute('http.response.status_code', result.status);
      return result;
    } catch (error) {
      span.setAttribute('http.response.status_code', 500);
      span.setAttribute('error.type', errorType(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: 'the model call failed',
      });
      return {
        status: 500,
        body: errorBody('Error', 'The summary could not be produced.'),
      };
    } finally {
      span.end();
    }
  };
}

/** The steps of one request inside its SERVER span: parse, apply the prompt policy, call the model. */
async function handle(
  options: SummarizeHandlerOptions,
  rawBody: string,
  span: Span,
  spanContext: Context,
): Promise<HandlerResult> {
  const request = parseRequest(rawBody);
  if (typeof request === 'string')
    return { status: 400, body: errorBody('InputError', request) };
  span.setAttribute('enduser.id', request.user);

  const policy = applyPromptPolicy(request.text);
  if (!policy.allowed) {
    recordPolicyEvent(span, policy.finding);
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: `refused by policy rule ${policy.finding.rule}`,
    });
    return {
      status: 422,
      body: errorBody(
        'PolicyViolation',
        `The request was refused: it looks like a prompt injection (rule ${policy.finding.rule}).`,
      ),
    };
  }
  policy.findings.forEach(finding => recordPolicyEvent(span, finding));

  const summary = await callModel(
    options,
    buildPrompt(policy.text),
    request.user,
    spanContext,
  );
  return {
    status: 200,
    body: { summary, redacted: policy.findings.length > 0 },
  };
}

/** The model call as a CLIENT `chat <model>` span under the request's SERVER span. */
async function callModel(
  { tracer, model }: SummarizeHandlerOptions,
  prompt: string,
  user: string,
  parent: Context,
): Promise<string> {
  const span = tracer.startSpan(
    `chat ${model.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': model.provider,
        'gen_ai.request.model': model.model,
        'enduser.id': user,
        'trellis.prompt.hash': hashPrompt(prompt),
      },
    },
    parent,
  );
  try {
    const completion = await model.chat(prompt);
    span.setAttributes({
      'gen_ai.response.model': completion.model,
      'gen_ai.usage.input_tokens': completion.inputTokens,
      'gen_ai.usage.output_tokens': completion.outputTokens,
      'gen_ai.response.finish_reasons': completion.finishReasons,
    });
    return completion.text;
  } catch (error) {
    span.setAttribute('error.type', errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** A `trellis.policy` span event, as Trellis reads policy decisions. */
function recordPolicyEvent(span: Span, finding: PolicyFinding): void {
  span.addEvent('trellis.policy', {
    'trellis.policy.decision': finding.decision,
    'trellis.policy.violation': finding.violation,
    'trellis.policy.rule': finding.rule,
  });
}

/** The request, or why it is invalid. */
function parseRequest(rawBody: string): SummarizeRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return 'The body must be JSON: { "text": string, "user": string }.';
  }
  if (typeof body !== 'object' || body === null)
    return 'The body must be a JSON object.';
  const { text, user } = body as Record<string, unknown>;
  if (typeof text !== 'string' || !text.trim())
    return '"text" must be a non-empty string.';
  if (text.length > MAX_TEXT_LENGTH)
    return `"text" must be at most ${MAX_TEXT_LENGTH} characters.`;
  if (typeof user !== 'string' || !user.trim())
    return '"user" must be a non-empty string.';
  if (user.length > MAX_USER_LENGTH)
    return `"user" must be at most ${MAX_USER_LENGTH} characters.`;
  return { text, user: user.trim() };
}

function errorBody(name: string, message: string): ErrorBody {
  return { error: { name, message } };
}

/** `error.type`: the error's class name, never its message (which may quote input). */
function errorType(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}
