import { type ExampleCatalog, loadExampleCatalog } from './exampleCatalog';
import {
  DAY_MS,
  planTraffic,
  SHADOW_APP_NAME,
  summarizePlan,
  type TrafficPlanOptions,
} from './trafficPlan';

describe('planTraffic', () => {
  let catalog: ExampleCatalog;
  const now = new Date('2026-03-15T14:30:00Z');
  const plan = (options: Partial<TrafficPlanOptions> = {}) =>
    planTraffic({
      apps: catalog.apps,
      models: catalog.models,
      now,
      seed: 'test',
      ...options,
    });

  beforeAll(async () => {
    catalog = await loadExampleCatalog();
  });

  it('is deterministic for a seed and now', () => {
    const a = plan();
    const b = plan();
    expect(a.apps).toEqual(b.apps);
    expect(a.budgetOverrun).toEqual(b.budgetOverrun);
    for (const app of a.apps) {
      for (const day of [0, 17, a.dayCount - 1]) {
        expect(a.requestsFor(app, day)).toEqual(
          b.requestsFor(b.apps.find(x => x.name === app.name)!, day),
        );
      }
    }
    const other = plan({ seed: 'another seed' });
    const first = a.apps.find(app => app.name === 'ticket-triage-classifier')!;
    expect(other.requestsFor(first, 5)).not.toEqual(a.requestsFor(first, 5));
  });

  it('gives every app that is not a draft history from the first day of a 60-day window', () => {
    const p = plan();
    expect(p.dayCount).toBe(61);
    expect(now.getTime() - p.from.getTime()).toBeGreaterThanOrEqual(
      60 * DAY_MS,
    );
    const summaries = summarizePlan(p, catalog.models);
    const byName = new Map(summaries.map(s => [s.name, s]));
    const day = p.from.getTime() + DAY_MS;
    const active = (lifecycle: string) =>
      catalog.apps
        .filter(a => a.lifecycle === lifecycle)
        .map(a => byName.get(a.name)!);
    const running = ['sandbox', 'canary', 'production'].flatMap(active);
    const decommissioned = active('decommissioned');
    const drafts = active('draft');
    expect(running.length + decommissioned.length + drafts.length).toBe(
      catalog.apps.length,
    );

    // Rule: every app that is not a draft has traffic on the window's first day, then on every day
    // while it is active; decommissioned apps stop part way; drafts appear in the last three weeks.
    const late = [...running, ...decommissioned].filter(
      s => !s.firstRequestAt || s.firstRequestAt.getTime() >= day,
    );
    expect(late.map(s => s.name)).toEqual([]);
    expect(
      running.filter(s => s.daysWithTraffic !== p.dayCount).map(s => s.name),
    ).toEqual([]);
    expect(
      running
        .filter(s => s.lastRequestAt!.getTime() < now.getTime() - DAY_MS)
        .map(s => s.name),
    ).toEqual([]);
    expect(
      decommissioned.filter(
        s =>
          s.daysWithTraffic < 7 ||
          s.lastRequestAt!.getTime() > now.getTime() - 14 * DAY_MS,
      ),
    ).toEqual([]);
    expect(
      drafts.filter(
        s =>
          s.firstRequestAt &&
          s.firstRequestAt.getTime() < now.getTime() - 21 * DAY_MS,
      ),
    ).toEqual([]);
  });

  it('never plans a request after now', () => {
    const p = plan();
    for (const app of p.apps) {
      for (const request of p.requestsFor(app, p.dayCount - 1)) {
        expect(request.startMs).toBeLessThanOrEqual(now.getTime());
        expect(request.startMs).toBeGreaterThanOrEqual(
          p.dayStartMs(p.dayCount - 1),
        );
      }
    }
  });

  it.each([
    ['the first hour of a month', '2026-04-01T00:40:00Z'],
    ['the middle of a month', '2026-03-15T14:30:00Z'],
    ['the last day of a month', '2026-01-31T23:10:00Z'],
  ])('puts one app over its monthly budget, and only one, in %s', (_, at) => {
    const p = plan({ now: new Date(at) });
    expect(p.budgetOverrun).toBeDefined();
    const summaries = summarizePlan(p, catalog.models).filter(
      s => s.registered && s.monthlyBudgetUsd !== undefined,
    );
    const over = summaries.filter(
      s => s.monthToDateCostUsd > s.monthlyBudgetUsd!,
    );
    expect(over.map(s => s.name)).toEqual([p.budgetOverrun!.app]);
    expect(over[0].monthToDateCostUsd).toBeCloseTo(
      p.budgetOverrun!.monthToDateCostUsd,
      1,
    );
    // Apps without a budget to spend (decommissioned, budget 0) have no cost this month.
    expect(
      summaries.filter(
        s => s.monthlyBudgetUsd === 0 && s.monthToDateCostUsd > 0,
      ),
    ).toEqual([]);
  });

  it('includes a shadow app that is not in the catalog', () => {
    const p = plan();
    const shadow = p.apps.find(app => app.name === SHADOW_APP_NAME)!;
    expect(catalog.apps.some(app => app.name === SHADOW_APP_NAME)).toBe(false);
    expect(shadow.registered).toBe(false);
    expect(shadow.resourceAttributes['service.name']).toBe(SHADOW_APP_NAME);
    expect(shadow.resourceAttributes['trellis.microapp.ref']).toBeUndefined();
    expect(p.requestsFor(shadow, 0).length).toBeGreaterThan(0);
  });

  it('keeps the default volume between 25,000 and 40,000 GenAI spans and follows the scale', () => {
    for (const at of [
      '2026-03-01T00:30:00Z',
      '2026-03-15T14:30:00Z',
      '2026-03-31T23:00:00Z',
    ]) {
      const requests = summarizePlan(
        plan({ now: new Date(at) }),
        catalog.models,
      ).reduce((n, s) => n + s.requests, 0);
      expect(requests).toBeGreaterThanOrEqual(25_000);
      expect(requests).toBeLessThanOrEqual(40_000);
    }
    const small = summarizePlan(
      plan({ scale: 0.1, budgetApp: false }),
      catalog.models,
    ).reduce((n, s) => n + s.requests, 0);
    expect(small).toBeLessThan(5_000);
  });

  it('plans rare policy events in every convention and off-catalog model use', () => {
    const p = plan();
    const violations = new Set<string>();
    const styles = new Set<string>();
    const offSpec = new Map<string, Set<string>>();
    for (const app of p.apps) {
      for (let day = 0; day < p.dayCount; day++) {
        for (const request of p.requestsFor(app, day)) {
          if (request.policy) {
            violations.add(request.policy.violation);
            styles.add(request.policy.style);
          }
          if (app.registered && !app.declaredModels.includes(request.model)) {
            offSpec.set(
              app.name,
              (offSpec.get(app.name) ?? new Set()).add(request.model),
            );
          }
        }
      }
    }
    expect([...violations].sort()).toEqual([
      'egress_blocked',
      'pii_detected',
      'prompt_injection',
      'quota_exceeded',
    ]);
    expect([...styles].sort()).toEqual([
      'gen_ai.guardrail',
      'openlit',
      'trellis',
    ]);
    // undeclared_model for a few apps, one of them on the prohibited model.
    expect(offSpec.size).toBeGreaterThanOrEqual(3);
    const prohibited = catalog.models
      .filter(m => m.status === 'prohibited')
      .map(m => m.id);
    expect(
      [...offSpec.values()].some(models =>
        [...models].some(m => prohibited.includes(m)),
      ),
    ).toBe(true);
    expect(
      [...offSpec.values()].some(models => models.has('deepseek-chat')),
    ).toBe(true);
  });

  it('keeps policy events rare', () => {
    const summaries = summarizePlan(plan(), catalog.models);
    const requests = summaries.reduce((n, s) => n + s.requests, 0);
    const events = summaries.reduce(
      (n, s) =>
        n + Object.values(s.policyEvents).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    expect(events).toBeGreaterThan(0);
    expect(events / requests).toBeLessThan(0.02);
  });
});
