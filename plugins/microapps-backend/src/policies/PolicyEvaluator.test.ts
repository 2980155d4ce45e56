import fs from 'fs';
import path from 'path';
import { compilePack, compilePolicySource } from './compilePolicy';
import { decidedByAppAlone, evaluatePolicies } from './PolicyEvaluator';
import {
  type PolicyInput,
  policyEnvironment,
  violationCounts,
} from './policyInput';

const env = policyEnvironment();
const { policies: examplePack } = compilePack(
  env,
  'trellis-default.yaml',
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/policies/trellis-default.yaml',
    ),
    'utf8',
  ),
);

/** A quiet, well-behaved app: no example policy fires on it. */
function quietApp(): PolicyInput {
  return {
    app: {
      ref: 'microapp:default/claims-triage',
      name: 'claims-triage',
      namespace: 'default',
      owner: 'group:default/people-ops',
      lifecycle: 'production',
      type: 'classifier',
      tier: 'high',
      score: 62,
      reach: 'org-wide',
      dataClasses: ['internal', 'confidential'],
      pii: 'masked',
      models: ['azure-gpt-4.1'],
      prohibitedModels: [],
      unvettedModels: [],
      badges: {
        'security-review': 'granted',
        'compliance-review': 'granted',
        'executive-signoff': 'granted',
        'production-readiness': 'granted',
      },
      killSwitch: false,
      monthlyBudgetUsd: 200,
    },
    window: {
      durationSeconds: 600,
      violations: violationCounts({ pii_detected: 2 }),
      requests: 1_000,
      errors: 10,
      errorRate: 0.01,
      costMonthToDateUsd: 150,
      budgetUsedPct: 75,
      staleApprovalDays: 0,
    },
  };
}

const fired = (input: PolicyInput) =>
  evaluatePolicies(examplePack, input)
    .filter(d => d.fired)
    .map(d => d.id);

describe('the example policies', () => {
  it('do not fire on a quiet app', () => {
    expect(examplePack).toHaveLength(4);
    expect(fired(quietApp())).toEqual([]);
  });

  it('kill an app with three PII detections in the window only when it handles confidential or regulated data', () => {
    const input = quietApp();
    input.window.violations.pii_detected = 3;
    const [decision] = evaluatePolicies(examplePack, input);
    expect(decision).toEqual({
      id: 'pii-burst-on-sensitive-data',
      fired: true,
      mode: 'enforce',
      actions: [
        { type: 'kill-switch' },
        { type: 'notify', to: 'owners' },
        { type: 'notify', to: 'stewards:security' },
      ],
      values: {
        'app.dataClasses': ['internal', 'confidential'],
        'window.violations["pii_detected"]': 3,
      },
    });
    input.app.dataClasses = ['public', 'internal'];
    expect(fired(input)).toEqual([]);
  });

  it('hold promotion past 120 % of the budget, never without a budget', () => {
    const input = quietApp();
    input.window.budgetUsedPct = 120.5;
    expect(fired(input)).toEqual(['budget-overrun']);
    input.window.budgetUsedPct = 120;
    expect(fired(input)).toEqual([]);
    input.app.monthlyBudgetUsd = 0;
    input.window.budgetUsedPct = 500;
    expect(fired(input)).toEqual([]);
  });

  it('kill an app that called a prohibited model, or serves with an unvetted one', () => {
    const prohibited = quietApp();
    prohibited.window.violations.prohibited_model = 1;
    expect(fired(prohibited)).toEqual(['prohibited-or-unvetted-model']);

    const unvetted = quietApp();
    unvetted.app.unvettedModels = ['hf-zephyr-7b-community'];
    expect(fired(unvetted)).toEqual(['prohibited-or-unvetted-model']);
    unvetted.window.requests = 0;
    expect(fired(unvetted)).toEqual([]);
  });

  it('tell stewards of an approval stale for more than 14 days', () => {
    const input = quietApp();
    input.window.staleApprovalDays = 14;
    expect(fired(input)).toEqual([]);
    input.window.staleApprovalDays = 15;
    expect(fired(input)).toEqual(['stale-approval']);
  });
});

describe('evaluatePolicies', () => {
  it('answers an evaluation error instead of throwing, and does not fire', () => {
    const { policy } = compilePolicySource(env, {
      id: 'error-share',
      title: 'Errors per request',
      description: 'Divides by requests.',
      severity: 'low',
      when: 'window.errors / window.requests > 0',
      actions: [],
    });
    const input = quietApp();
    input.window.requests = 0;
    const [decision] = evaluatePolicies([policy!], input);
    expect(decision).toMatchObject({
      fired: false,
      error: 'division by zero',
      values: { 'window.errors': 10, 'window.requests': 0 },
    });
  });

  it('says what the app alone decides, before any telemetry is read', () => {
    const pii = examplePack.find(p => p.id === 'pii-burst-on-sensitive-data')!;
    const model = examplePack.find(
      p => p.id === 'prohibited-or-unvetted-model',
    )!;
    const { badges: _b, killSwitch: _k, ...manifest } = quietApp().app;
    // PII matters only on confidential or regulated data.
    expect(
      decidedByAppAlone(pii, { ...manifest, dataClasses: ['internal'] }),
    ).toBe(false);
    expect(decidedByAppAlone(pii, manifest)).toBeUndefined();
    // `||`: any prohibited-model finding fires it, whatever the manifest.
    expect(decidedByAppAlone(model, manifest)).toBeUndefined();
  });
});
