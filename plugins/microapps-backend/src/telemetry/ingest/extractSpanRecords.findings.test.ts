/*
 * extractSpanRecords, the findings it records: model violations, prompt
 * content on apps without raw PII, and policy findings in every convention,
 * within the limits a request may carry.
 */
import type { AttributeValue } from '../receiver/decodeOtlp';
import { classifyGuardrail } from './policyFindings';
import { extract, span, types } from '../../__testUtils__/spanRecordsKit';

describe('extractSpanRecords', () => {
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
