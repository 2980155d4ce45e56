import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import type {
  AttributeValue,
  DecodedTraces,
  OtlpSpan,
} from '../receiver/decodeOtlp';
import { claimedApp } from './attribution';
import { catalogCostMicros } from './catalogCost';
import type { AppFacts } from './extractionContext';
import { extractSpanRecords } from './extractSpanRecords';
import { classifyGuardrail } from './policyFindings';

const models: ModelCatalogEntry[] = [
  {
    id: 'approved-m',
    provider: 'p',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 2, outputPer1M: 8, cachedInputPer1M: 0.5 },
  },
  {
    id: 'restricted-m',
    provider: 'p',
    status: 'restricted',
    hosting: 'public',
    pricing: { inputPer1M: 1, outputPer1M: 1 },
  },
  {
    id: 'prohibited-m',
    provider: 'p',
    status: 'prohibited',
    hosting: 'public',
    pricing: { inputPer1M: 1, outputPer1M: 1 },
  },
];

const app: AppFacts = {
  entityRef: 'microapp:default/notes',
  lifecycle: 'production',
  models: ['approved-m', 'restricted-m'],
  pii: 'masked',
  monthlyBudgetUsd: 10,
};

let spanCounter = 0;
function span(
  attributes: Record<string, AttributeValue>,
  events: OtlpSpan['events'] = [],
): OtlpSpan {
  spanCounter += 1;
  return {
    traceId: 'a'.repeat(32),
    spanId: spanCounter.toString(16).padStart(16, '0'),
    name: 'chat',
    startMs: Date.parse('2026-11-02T10:15:00Z'),
    endMs: Date.parse('2026-11-02T10:15:01Z'),
    statusCode: 0,
    attributes: new Map(Object.entries(attributes)),
    events,
  };
}

function extract(
  resource: Record<string, string>,
  spans: OtlpSpan[],
  context: Partial<Parameters<typeof extractSpanRecords>[1]> = {},
) {
  const decoded: DecodedTraces = {
    resources: [{ resource: new Map(Object.entries(resource)), spans }],
    spanCount: spans.length,
    rejected: [],
  };
  return extractSpanRecords(decoded, {
    findApp: ref => (ref === app.entityRef ? app : undefined),
    models,
    hashUser: id => `hash(${id})`,
    ...context,
  });
}

const types = (result: ReturnType<typeof extract>) =>
  result.records.flatMap(r => r.violations.map(v => v.type)).sort();

describe('extractSpanRecords', () => {
  it('prices cached input tokens at the cached price and the rest at the input price, in micro-dollars', () => {
    // 1,000 input tokens of which 400 cached, 100 output: 600×2 + 400×0.5 + 100×8 micro-dollars.
    expect(catalogCostMicros('approved-m', 1000, 100, 400, models)).toBe(
      600 * 2 + 400 * 0.5 + 100 * 8,
    );
    // Rounded per call to the micro-dollar: 3 tokens at $0.5 per million is 1.5 µ$.
    expect(catalogCostMicros('approved-m', 1003, 0, 1003, models)).toBe(502);
    expect(
      catalogCostMicros('not-in-catalog', 1000, 100, 0, models),
    ).toBeUndefined();
  });

  it('prices known models from the catalog whatever the span says, and records a cost_mismatch', () => {
    const result = extract({ 'service.name': 'notes' }, [
      // Reports $0.50 where the catalog says 1,000×2 + 10×8 µ$ = $0.002080.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 10,
        'gen_ai.usage.cost': 0.5,
      }),
      // Zeroes its own cost.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.cost': 0,
      }),
      // Within the 5 % tolerance.
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.cost': '0.00205',
      }),
    ]);
    expect(result.records.map(r => r.usage?.costMicros)).toEqual([
      2080, 2000, 2000,
    ]);
    expect(result.records.map(r => r.usage?.reportedCostMicros)).toEqual([
      500_000, 0, 2050,
    ]);
    expect(
      result.records.map(r => r.violations.map(v => v.type).join()),
    ).toEqual(['cost_mismatch', 'cost_mismatch', '']);
    expect(result.records[1].violations[0].detail).toBe(
      'The span reported $0.000000 for model "approved-m"; the catalog prices its tokens at $0.002000. Trellis counts the catalog price.',
    );
  });

  it('counts the span-reported cost of a model the catalog does not price', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({ 'gen_ai.request.model': 'new-model', 'gen_ai.usage.cost': 0.25 }),
      span({ 'gen_ai.request.model': 'new-model' }),
    ]);
    expect(result.records.map(r => r.usage?.costMicros)).toEqual([250_000, 0]);
    expect(types(result)).toEqual(['undeclared_model', 'undeclared_model']);
  });

  it('reads usage, prefers the response model, and hashes users', () => {
    const result = extract({ 'trellis.microapp.ref': 'notes' }, [
      span({
        'gen_ai.request.model': 'approved',
        'gen_ai.response.model': 'approved-m',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 10,
        'enduser.id': 'maya',
      }),
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.records[0].usage).toMatchObject({
      entityRef: 'microapp:default/notes',
      model: 'approved-m',
      hour: '2026-11-02T10',
      day: '2026-11-02',
      inputTokens: 1000,
      costMicros: 2080,
      userHash: 'hash(maya)',
    });
    expect(types(result)).toEqual([]);
  });

  it('attributes by trellis.microapp.ref first, then by service.name', () => {
    expect(
      claimedApp(
        new Map([
          ['trellis.microapp.ref', 'microapp:Default/Notes'],
          ['service.name', 'x'],
        ]),
      ).entityRef,
    ).toBe('microapp:default/notes');
    expect(claimedApp(new Map([['service.name', 'Notes']])).entityRef).toBe(
      'microapp:default/notes',
    );
    expect(claimedApp(new Map()).entityRef).toBeUndefined();
  });

  it('derives restricted-in-production, prohibited and undeclared model violations', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({ 'gen_ai.request.model': 'restricted-m' }),
      span({ 'gen_ai.request.model': 'prohibited-m' }),
    ]);
    expect(types(result)).toEqual([
      'prohibited_model',
      'unapproved_model',
      'undeclared_model',
    ]);
  });

  it('notices prompt content on an app without raw PII and never keeps the content', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.prompt.0.content': 'my secret',
      }),
      span({ 'gen_ai.request.model': 'approved-m' }, [
        {
          name: 'gen_ai.content.prompt',
          timeMs: 0,
          attributes: new Map([['gen_ai.prompt', 'another secret']]),
        },
      ]),
    ]);
    expect(types(result)).toEqual(['pii_unmasked', 'pii_unmasked']);
    expect(JSON.stringify(result.records)).not.toContain('secret');
  });

  it('reads policy findings from attributes and events in all three conventions', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({}, [
        {
          name: 'trellis.policy',
          timeMs: 0,
          attributes: new Map<string, AttributeValue>([
            ['trellis.policy.decision', 'deny'],
            ['trellis.policy.violation', 'egress_blocked'],
            ['trellis.policy.rule', 'egress.allowlist'],
            ['trellis.policy.severity', 'high'],
          ]),
        },
      ]),
      span({ 'trellis.policy.decision': 'allow' }),
      span({
        'trellis.policy.decision': 'warn',
        'trellis.policy.violation': 'made_up',
      }),
      span({
        'gen_ai.guardrail.name': 'pii-scrubber',
        'gen_ai.guardrail.action': 'redacted',
      }),
      span({
        'gen_ai.guardrail.name': 'tone',
        'gen_ai.guardrail.status': 'PASSED',
      }),
      span({
        'guard.verdict': true,
        'guard.classification': 'jailbreak',
        'guard.explanation': 'quotes the prompt',
      }),
    ]);
    const violations = result.records.flatMap(r => r.violations);
    expect(
      violations.map(v => [v.type, v.rule, v.decision, v.severity, v.source]),
    ).toEqual([
      ['egress_blocked', 'egress.allowlist', 'deny', 'high', 'reported'],
      ['other', null, 'warn', 'low', 'reported'],
      ['pii_detected', 'pii-scrubber', 'redact', 'medium', 'reported'],
      ['prompt_injection', 'jailbreak', null, 'high', 'reported'],
    ]);
    expect(violations[1].detail).toBe('reported violation type "made_up"');
    expect(JSON.stringify(violations)).not.toContain('quotes the prompt');
  });

  it('records spans of an unknown app once per hour as unregistered_app, with their usage', () => {
    const result = extract({ 'service.name': 'shadow-bot' }, [
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 10,
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 10,
      }),
      span({ 'http.route': '/health' }), // not a model call: nothing to keep
    ]);
    expect(result.records).toHaveLength(2);
    const keys = new Set(
      result.records.flatMap(r => r.violations.map(v => v.dedupeKey)),
    );
    expect(keys).toEqual(
      new Set(['unregistered_app:microapp:default/shadow-bot:2026-11-02T10']),
    );
    expect(result.records[0].usage?.entityRef).toBe(
      'microapp:default/shadow-bot',
    );
  });

  it('rejects a span with impossible usage numbers and names the attribute', () => {
    const result = extract({ 'service.name': 'notes' }, [
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.output_tokens': -5,
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.cost': 'free',
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': '1200',
      }),
    ]);
    expect(result.rejected).toHaveLength(2);
    expect(result.rejected[0]).toContain(
      'gen_ai.usage.output_tokens must be a whole number',
    );
    expect(result.rejected[1]).toContain('gen_ai.usage.cost must be a number');
    expect(result.records.map(r => r.usage?.inputTokens)).toEqual([1200]);
  });

  it('parses numbers strictly: an empty, padded or hexadecimal cost is refused, not zero', () => {
    const result = extract(
      { 'service.name': 'notes' },
      ['', ' ', ' 1', '0x10', '1e3', '-0', 'Infinity'].map(cost =>
        span({
          'gen_ai.request.model': 'approved-m',
          'gen_ai.usage.cost': cost,
        }),
      ),
    );
    expect(result.records).toEqual([]);
    expect(result.rejected).toHaveLength(7);
    for (const reason of result.rejected) {
      expect(reason).toContain('gen_ai.usage.cost must be a number');
    }
  });

  it('refuses the spans of a ref that is too long once lower-cased, and only those', () => {
    // 130 × İ: 130 characters as sent, 260 once lower-cased.
    const long = extract(
      { 'trellis.microapp.ref': `microapp:default/${'İ'.repeat(130)}` },
      [
        span({ 'gen_ai.request.model': 'approved-m' }),
        span({ 'gen_ai.request.model': 'approved-m' }),
      ],
    );
    expect(long.records).toEqual([]);
    expect(long.rejected).toHaveLength(2);
    expect(long.rejected[0]).toContain(
      'trellis.microapp.ref makes an entity ref of',
    );
    const fine = extract({ 'service.name': 'notes' }, [
      span({ 'gen_ai.request.model': 'approved-m' }),
    ]);
    expect(fine.rejected).toEqual([]);
  });

  it('records one violation per type per span however many events report it', () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      name: 'guardrail',
      timeMs: Date.parse('2026-11-02T10:15:00Z'),
      attributes: new Map<string, AttributeValue>([
        ['trellis.policy.decision', 'redact'],
        ['trellis.policy.violation', 'pii_detected'],
        ['trellis.policy.rule', `rule-${i}`],
      ]),
    }));
    const result = extract({ 'service.name': 'notes' }, [span({}, events)]);
    expect(types(result)).toEqual(['pii_detected']);
    expect(result.records[0].violations[0].rule).toBe('rule-0');
  });

  it('refuses the spans past the findings a request may record', () => {
    const finding = () =>
      span({
        'trellis.policy.decision': 'deny',
        'trellis.policy.violation': 'prompt_injection',
      });
    const result = extract(
      { 'service.name': 'notes' },
      [finding(), finding(), finding()],
      { maxViolations: 2 },
    );
    expect(result.records).toHaveLength(2);
    expect(result.rejected).toEqual([
      expect.stringContaining('the request carries more than 2 findings'),
    ]);
  });

  it('records spans of an app whose kill switch is on as killed_app_active, once per hour', () => {
    const result = extract(
      { 'service.name': 'notes' },
      [span({ 'gen_ai.request.model': 'approved-m' }), span({})],
      { isKilled: ref => ref === app.entityRef },
    );
    const killed = result.records.flatMap(r =>
      r.violations.filter(v => v.type === 'killed_app_active'),
    );
    expect(killed).toHaveLength(2);
    expect(new Set(killed.map(v => v.dedupeKey)).size).toBe(1);
    expect(killed[0]).toMatchObject({ severity: 'high', source: 'derived' });
    // The usage is still counted: the spend happened.
    expect(result.records[0].usage?.model).toBe('approved-m');
  });

  it('refuses spans that started before the span-key window, saying why', () => {
    const old = span({ 'gen_ai.request.model': 'approved-m' });
    const result = extract({ 'service.name': 'notes' }, [old], {
      oldestStartMs: old.startMs + 1,
    });
    expect(result.records).toEqual([]);
    expect(result.rejected[0]).toContain(
      'spans older than the span-key window are refused',
    );
  });

  it('maps guardrail categories onto violation types', () => {
    expect(classifyGuardrail('Prompt Injection')).toBe('prompt_injection');
    expect(classifyGuardrail('instruction_override prompt_injection')).toBe(
      'prompt_injection',
    );
    expect(classifyGuardrail('sensitive_topic')).toBe('pii_detected');
    expect(classifyGuardrail('rate limit')).toBe('quota_exceeded');
    expect(classifyGuardrail(undefined)).toBe('other');
  });
});
