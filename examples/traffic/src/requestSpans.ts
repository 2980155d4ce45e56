import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type {
  PlannedApp,
  PlannedPolicyEvent,
  PlannedRequest,
} from './planTypes';

const HTTP_STATUS_BY_ERROR: Record<string, number> = {
  '429': 429,
  timeout: 504,
  '500': 502,
  '503': 503,
};

const ROUTES: Record<string, { method: string; route: string }> = {
  extractor: { method: 'POST', route: '/extract' },
  classifier: { method: 'POST', route: '/classify' },
  summarizer: { method: 'POST', route: '/summarize' },
  assistant: { method: 'POST', route: '/chat' },
  automation: { method: 'POST', route: '/run' },
  dashboard: { method: 'GET', route: '/insights' },
  other: { method: 'POST', route: '/generate' },
};

/**
 * Emits one request as a trace: a SERVER span for the app's endpoint with a
 * CLIENT `chat <model>` child carrying the GenAI attributes, plus a guard
 * span for apps that report policy events as OpenLIT or GenAI guardrail
 * spans. Timestamps come from the plan (backdated). Returns the span count.
 */
export function emitRequest(
  tracer: Tracer,
  app: PlannedApp,
  request: PlannedRequest,
): number {
  const root = startServerSpan(tracer, app, request);
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  let spans = 2;
  const { policy } = request;
  if (policy && policy.style !== 'trellis') {
    emitGuardSpan(tracer, request, policy, parent);
    spans++;
  }
  emitChatSpan(tracer, app, request, parent);
  root.end(request.startMs + request.durationMs);
  return spans;
}

/** The SERVER span of the app's endpoint; ended by the caller after its children. */
function startServerSpan(
  tracer: Tracer,
  app: PlannedApp,
  request: PlannedRequest,
): Span {
  const { method, route } = ROUTES[app.type] ?? ROUTES.other;
  const status = request.error
    ? HTTP_STATUS_BY_ERROR[request.error.type] ?? 500
    : 200;
  const root = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      startTime: request.startMs,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': route,
        'http.response.status_code': status,
        'enduser.id': request.userId,
        ...(request.connector
          ? { 'trellis.connector': request.connector }
          : {}),
      },
    },
    ROOT_CONTEXT,
  );
  if (status >= 500)
    root.setStatus({
      code: SpanStatusCode.ERROR,
      message: request.error?.message,
    });
  return root;
}

/** An OpenLIT guard or GenAI guardrail span, just before the model call. */
function emitGuardSpan(
  tracer: Tracer,
  request: PlannedRequest,
  policy: PlannedPolicyEvent,
  parent: Context,
): void {
  const guardStart = request.startMs + Math.min(2, request.llmOffsetMs);
  const guard = tracer.startSpan(
    policy.spanName ?? 'guard',
    {
      kind: SpanKind.INTERNAL,
      startTime: guardStart,
      attributes: policy.attributes,
    },
    parent,
  );
  guard.end(guardStart + Math.max(1, Math.min(40, request.llmOffsetMs - 2)));
}

/** The CLIENT `chat <model>` span, with a `trellis.policy` event for apps that report that way. */
function emitChatSpan(
  tracer: Tracer,
  app: PlannedApp,
  request: PlannedRequest,
  parent: Context,
): void {
  const { policy } = request;
  const chatStart = request.startMs + request.llmOffsetMs;
  const chat = tracer.startSpan(
    `chat ${request.model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: chatStart,
      attributes: chatAttributes(app, request),
    },
    parent,
  );
  if (policy?.style === 'trellis') {
    chat.addEvent(
      'trellis.policy',
      policy.attributes,
      chatStart + Math.min(15, request.llmDurationMs),
    );
  }
  if (request.error)
    chat.setStatus({
      code: SpanStatusCode.ERROR,
      message: request.error.message,
    });
  chat.end(chatStart + request.llmDurationMs);
}

/** The GenAI attributes of the model call. */
function chatAttributes(app: PlannedApp, request: PlannedRequest): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': request.provider,
    'gen_ai.request.model': request.model,
    'gen_ai.response.model': request.model,
    'gen_ai.usage.input_tokens': request.inputTokens,
    'gen_ai.usage.output_tokens': request.outputTokens,
    'enduser.id': request.userId,
    'trellis.prompt.hash': request.promptHash,
  };
  if (request.cachedInputTokens > 0)
    attributes['gen_ai.usage.cache_read.input_tokens'] =
      request.cachedInputTokens;
  if (request.finishReasons.length > 0)
    attributes['gen_ai.response.finish_reasons'] = request.finishReasons;
  if (request.costUsd !== undefined)
    attributes['gen_ai.usage.cost'] = request.costUsd;
  if (app.template) attributes['trellis.template.ref'] = app.template;
  if (request.error) attributes['error.type'] = request.error.type;
  return attributes;
}
