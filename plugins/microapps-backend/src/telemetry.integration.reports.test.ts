/*
 * The OTLP receiver end to end, what it reports: spans the real
 * OpenTelemetry exporters post to a real backend (real catalog, real auth
 * with an external-access token) show up as violations, in the cost and
 * chargeback routes, and as 30-day figures in the marketplace.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import request from 'supertest';
import { appResource, makeSpans } from './__testUtils__/otelSpans';
import { waitFor } from './__testUtils__/startTestPortal';
import {
  otlpAuth as auth,
  SUCCESS,
  today,
  useTelemetryPortal,
} from './__testUtils__/telemetryPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'OTLP receiver and telemetry (%s)',
  databaseId => {
    const portal = useTelemetryPortal(databases, databaseId);
    const { exportWith, violations } = portal;

    // What the reports read besides the violations below: a finance app used
    // by two people, as the pricing cases send it.
    beforeAll(async () => {
      const spans = makeSpans(appResource('invoice-field-extractor'), [
        {
          model: 'azure-gpt-4.1-mini',
          input: 12_345,
          output: 2_345,
          user: 'alice@acme.test',
        },
        {
          model: 'azure-gpt-4.1-mini',
          input: 100_000,
          output: 9_999,
          cached: 40_000,
          user: 'bob@acme.test',
        },
      ]);
      await request(portal.server)
        .post('/api/microapps/v1/traces')
        .set(auth)
        .type('application/json')
        .send(
          Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString(
            'utf8',
          ),
        )
        .expect(200);
    });

    it('derives model, budget, privacy and registration violations, and reads reported ones', async () => {
      const results = await exportWith(
        [{ kind: 'json', compression: 'none' }],
        [
          // declared azure-gpt-4.1-mini only
          {
            resource: appResource('invoice-field-extractor'),
            spans: [
              { model: 'bedrock-claude-sonnet-4', input: 10, output: 10 },
            ],
          },
          // production app, restricted model; its month budget ($30) blown
          // at catalog prices (80M input tokens at $0.40 per million: $32);
          // and a self-reported cost that disagrees with the catalog
          {
            resource: appResource('help-center-digest'),
            spans: [
              { model: 'openai-gpt-4o', input: 10, output: 10 },
              { model: 'azure-gpt-4.1-mini', input: 80_000_000, output: 10 },
              { model: 'azure-gpt-4.1-mini', input: 10, output: 10, cost: 5 },
            ],
          },
          {
            resource: appResource('campaign-copy-assistant'),
            spans: [
              { model: 'deepseek-chat', input: 10, output: 10 },
              {
                model: 'azure-gpt-4.1',
                input: 10,
                output: 10,
                events: [
                  {
                    name: 'trellis.policy',
                    attributes: {
                      'trellis.policy.decision': 'redact',
                      'trellis.policy.violation': 'pii_detected',
                      'trellis.policy.rule': 'pii.email',
                    },
                  },
                ],
              },
              {
                model: 'azure-gpt-4.1',
                attributes: {
                  'guard.verdict': 'yes',
                  'guard.classification': 'prompt_injection',
                  'guard.score': 0.97,
                },
              },
              {
                model: 'azure-gpt-4.1',
                attributes: {
                  'gen_ai.guardrail.name': 'egress-filter',
                  'gen_ai.guardrail.status': 'FAILED',
                },
              },
            ],
          },
          // masked PII declared, yet the prompt travels in the span
          {
            resource: appResource('nda-triage'),
            spans: [
              {
                model: 'azure-gpt-4.1-mini',
                input: 10,
                output: 10,
                attributes: { 'gen_ai.input.messages': 'secret prompt text' },
              },
            ],
          },
          // no such MicroApp
          {
            resource: { 'service.name': 'shadow-sql-helper' },
            spans: [
              { model: 'openai-gpt-4o', input: 10, output: 10 },
              { model: 'openai-gpt-4o', input: 10, output: 10 },
            ],
          },
        ],
      );
      expect(results).toEqual([SUCCESS]);

      const byApp = async (name: string) =>
        (await violations(`entityRef=microapp:default/${name}&limit=100`)).items
          .map((v: any) => `${v.type}:${v.rule ?? ''}`)
          .sort();

      expect(await byApp('invoice-field-extractor')).toContain(
        'undeclared_model:bedrock-claude-sonnet-4',
      );
      expect(await byApp('help-center-digest')).toEqual(
        expect.arrayContaining([
          'unapproved_model:openai-gpt-4o',
          'undeclared_model:openai-gpt-4o',
          'budget_exceeded:limits.monthlyBudgetUsd=30',
          'cost_mismatch:azure-gpt-4.1-mini',
        ]),
      );
      expect(await byApp('campaign-copy-assistant')).toEqual(
        expect.arrayContaining([
          'prohibited_model:deepseek-chat',
          'undeclared_model:deepseek-chat',
          'pii_detected:pii.email',
          'prompt_injection:prompt_injection',
          'egress_blocked:egress-filter',
        ]),
      );
      const nda = (
        await violations(
          'entityRef=microapp:default/nda-triage&type=pii_unmasked',
        )
      ).items;
      expect(nda).toHaveLength(1);
      expect(JSON.stringify(nda)).not.toContain('secret prompt text');

      const shadow = await violations('type=unregistered_app');
      expect(shadow.items.map((v: any) => v.entityRef)).toEqual([
        'microapp:default/shadow-sql-helper',
      ]);
      expect(shadow.items[0].detail).toContain('shadow-sql-helper');

      // Another span over budget in the same month adds no second budget violation.
      expect(
        await exportWith(
          [{ kind: 'proto', compression: 'gzip' }],
          [
            {
              resource: appResource('help-center-digest'),
              spans: [{ model: 'azure-gpt-4.1-mini', cost: 2 }],
            },
          ],
        ),
      ).toEqual([SUCCESS]);
      const budget = await violations(
        'entityRef=microapp:default/help-center-digest&type=budget_exceeded',
      );
      expect(budget.totalItems).toBe(1);
      expect(budget.items[0]).toMatchObject({
        severity: 'medium',
        source: 'derived',
      });
      expect(budget.series).toEqual([
        { date: today, type: 'budget_exceeded', count: 1 },
      ]);
    });

    it('reports costs by team, cost center and model, a chargeback CSV, and 30-day figures in the marketplace', async () => {
      const report = (groupBy: string) =>
        request(portal.server)
          .get(`/api/microapps/costs?groupBy=${groupBy}`)
          .set(auth)
          .expect(200)
          .then(r => r.body);
      const [byApp, byTeam, byCenter, byModel] = await Promise.all(
        ['app', 'team', 'costCenter', 'model'].map(report),
      );
      for (const grouped of [byTeam, byCenter, byModel]) {
        expect(grouped.totalUsd).toBeCloseTo(byApp.totalUsd, 6);
      }
      const finance = byTeam.groups.find(
        (g: any) => g.key === 'group:default/finance-ops',
      );
      expect(finance).toMatchObject({ label: 'finance-ops' });
      expect(finance.budgetUsd).toBeGreaterThan(0);
      expect(byCenter.groups.map((g: any) => g.key)).toContain('CC-4100-FIN');
      expect(byModel.groups.map((g: any) => g.key)).toContain(
        'azure-gpt-4.1-mini',
      );
      expect(
        byTeam.groups.find((g: any) => g.key === '(unregistered)'),
      ).toBeDefined();

      // One team's apps, filtered and totalled by the backend: the same
      // figures as the team's row of the team report.
      const financeApps = await request(portal.server)
        .get('/api/microapps/costs?groupBy=app&owner=finance-ops')
        .set(auth)
        .expect(200)
        .then(r => r.body);
      expect(financeApps.groups.length).toBe(finance.apps);
      expect(financeApps.totalMicros).toBe(finance.costMicros);
      expect(financeApps.totalRequests).toBe(finance.requests);
      for (const group of financeApps.groups) {
        expect(
          byApp.groups.find((g: any) => g.key === group.key),
        ).toMatchObject({ costMicros: group.costMicros });
      }

      const csv = await request(portal.server)
        .get(`/api/microapps/costs/chargeback.csv?month=${today.slice(0, 7)}`)
        .set(auth)
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'month,cost_center,team,app,app_title,requests,input_tokens,output_tokens,cost_usd',
      );
      const invoiceLine = lines.find(line =>
        line.includes('microapp:default/invoice-field-extractor'),
      )!;
      expect(
        invoiceLine.startsWith(
          `${today.slice(0, 7)},CC-4100-FIN,group:default/finance-ops,`,
        ),
      ).toBe(true);
      const csvTotal = lines
        .slice(1)
        .reduce((sum, line) => sum + Number(line.split(',').pop()), 0);
      expect(csvTotal).toBeCloseTo(byApp.totalUsd, 1);

      await request(portal.server)
        .get('/api/microapps/costs?groupBy=region')
        .set(auth)
        .expect(400);
      await request(portal.server)
        .get('/api/microapps/costs/chargeback.csv?month=2026-13')
        .set(auth)
        .expect(400);
      // A day that looks right but is none: a clear 400, not a crash.
      const badDay = await request(portal.server)
        .get('/api/microapps/costs?groupBy=app&from=2026-13-45')
        .set(auth)
        .expect(400);
      expect(badDay.body.error.message).toContain('from');
      await request(portal.server)
        .get('/api/microapps/apps/default/no-such-app/costs')
        .set(auth)
        .expect(404);

      const item = await waitFor(async () => {
        const res = await request(portal.server)
          .get('/api/microapps/apps?q=invoice-field-extractor')
          .set(auth);
        const found = res.body.items?.[0];
        // The index refreshes every second; wait for one after the violations above.
        return found?.requests30d > 0 && found.violations30d > 0
          ? found
          : undefined;
      }, 'the 30-day figures in the marketplace');
      expect(item.cost30dUsd).toBeGreaterThan(0);
      expect(item.users30d).toBe(2);
      expect(item.violations30d).toBe(1); // the undeclared model above
      expect(item.highViolations30d).toBe(0); // of medium severity
      expect(item.costPerRequestUsd).toBeCloseTo(
        item.cost30dUsd / item.requests30d,
        9,
      );
      // The app's own page shows the same figures as its marketplace row.
      const detail = await request(portal.server)
        .get('/api/microapps/apps/default/invoice-field-extractor')
        .set(auth)
        .expect(200);
      expect(detail.body.usage30d).toEqual({
        cost30dUsd: item.cost30dUsd,
        requests30d: item.requests30d,
        costPerRequestUsd: item.costPerRequestUsd,
        users30d: item.users30d,
        violations30d: item.violations30d,
        highViolations30d: item.highViolations30d,
      });
    });
  },
);
