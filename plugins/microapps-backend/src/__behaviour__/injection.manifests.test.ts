/*
 * Hostile input end to end on a portal of real parts (signedInPortal.ts: real
 * auth, permission and catalog backends, the steward policy module, signed-in
 * users, the MicroApp catalog module and the microapps plugin), on every
 * database TestDatabases reaches.
 *
 * This part, manifest fields: injection strings in them are stored and
 * answered verbatim (in the catalog, the marketplace, the costs and the
 * chargeback statement), or refused with a validation error that names the
 * field; hostile query parameters and app names are answered with a 400 or
 * 404, never a 500. OTLP attributes are in injection.otlp.test.ts, the audit
 * log in injection.auditLog.test.ts.
 * The browser half (the same text rendered inertly) is e2e/scenarios/injection.ts.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  accepted,
  csvShown,
  fit,
  fixture,
  HOSTILE,
  hostileApp,
  modelCall,
  OTLP_HOSTILE,
  parseCsv,
  resourceRef,
} from '../__testUtils__/hostileInput';
import { hostilePortal } from '../__testUtils__/hostilePortal';
import { waitFor } from '../__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'hostile input on a signed-in portal (%s)',
  databaseId => {
    const portal = hostilePortal(databases, databaseId);
    const { as, sendSpans } = portal;

    beforeAll(() => portal.start());

    afterAll(() => portal.stop());

    describe('in manifest fields', () => {
      it.each(HOSTILE)(
        '%s: title, description, cost center and connector names come back verbatim',
        async (label, value) => {
          const name = `injection-${label}`;
          const search = await as('alice')
            .get('/api/microapps/apps')
            // The fixtures are drafts, hidden unless asked for.
            .query({ q: value.slice(0, 200), lifecycle: 'draft', limit: 500 });
          expect(search.status).toBe(200);
          const item = search.body.items.find((i: any) => i.name === name);
          expect(item).toMatchObject({
            title: value,
            description: value,
            tags: ['security-fixture', 'injection'],
          });

          const detail = await as('alice').get(
            `/api/microapps/apps/default/${name}`,
          );
          expect(detail.status).toBe(200);
          expect(detail.body).toMatchObject({
            title: value,
            description: value,
          });

          const entity = (
            await as('alice')
              .get(`/api/catalog/entities/by-name/microapp/default/${name}`)
              .expect(200)
          ).body;
          expect(entity.metadata.title).toBe(value);
          expect(entity.spec.costCenter).toBe(fit(value));
          expect(entity.spec.connectors.map((c: any) => c.name)).toEqual([
            fit(value),
            resourceRef(value),
          ]);
        },
      );

      it("accepts the example portal's hostile fixture and answers its fields verbatim", async () => {
        const { name, title, description } = fixture.metadata;
        expect(title).toContain('<img src=x onerror=');
        expect(description).toContain('<script>');
        const detail = await as('alice').get(
          `/api/microapps/apps/default/${name}`,
        );
        expect(detail.status).toBe(200);
        expect(detail.body).toMatchObject({
          title,
          description,
          lifecycle: 'draft',
        });
        const entity = (
          await as('alice')
            .get(`/api/catalog/entities/by-name/microapp/default/${name}`)
            .expect(200)
        ).body;
        expect(entity.spec.costCenter).toBe(fixture.spec.costCenter);
        expect(entity.spec.connectors).toEqual(fixture.spec.connectors);
        // The third-party connector's name is part of the risk explanation, as text.
        const exposure = detail.body.risk.factors.find(
          (f: any) => f.factor === 'integrationExposure',
        );
        expect(exposure.reason).toContain(fixture.spec.connectors![0].name);
      });

      it.each([
        [
          'metadata.tags',
          (e: any, v: string) => (e.metadata.tags = [v]),
          '"tags.0" is not valid',
        ],
        [
          'metadata.name',
          (e: any, v: string) => (e.metadata.name = v),
          '"metadata.name" is not valid',
        ],
        [
          'spec.egress',
          (e: any, v: string) => (e.spec.egress = [v]),
          'spec.egress[0]',
        ],
      ] as const)(
        'refuses every hostile string in %s with a validation error naming the field',
        async (field, breakIt, message) => {
          for (const [label, value] of HOSTILE) {
            const entity: any = hostileApp('validate', 'plain');
            breakIt(entity, value);
            const res = await as('alice')
              .post('/api/catalog/validate-entity', {
                location: 'url:https://git.example/catalog-info.yaml',
                entity,
              })
              .expect('Content-Type', /application\/json/);
            expect({ field, label, status: res.status }).toEqual({
              field,
              label,
              status: 400,
            });
            expect(JSON.stringify(res.body.errors)).toContain(
              JSON.stringify(message).slice(1, -1),
            );
          }
        },
      );

      it('refuses a cost center or connector name longer than 255 characters, naming the field', async () => {
        for (const [field, breakIt] of [
          [
            'spec.costCenter',
            (e: any) => (e.spec.costCenter = 'C'.repeat(256)),
          ],
          [
            'spec.connectors[0].name',
            (e: any) => (e.spec.connectors[0].name = 'N'.repeat(256)),
          ],
        ] as const) {
          const entity: any = hostileApp('validate', 'plain');
          breakIt(entity);
          const res = await as('alice').post('/api/catalog/validate-entity', {
            location: 'url:https://git.example/catalog-info.yaml',
            entity,
          });
          expect(res.status).toBe(400);
          expect(JSON.stringify(res.body.errors)).toContain(field);
        }
      });

      it('keeps refused manifests out of the catalog with a processing error that names the field', async () => {
        const failed = await waitFor(
          async () => {
            // Entities that never processed are listed as pending or failed, with their errors.
            const lists = await Promise.all(
              ['failed', 'pending'].map(reason =>
                as('alice').get(`/api/catalog/entities/unprocessed/${reason}`),
              ),
            );
            const found = lists
              .flatMap(res => res.body.entities ?? [])
              .filter((e: any) =>
                [
                  'injection-refused-tag',
                  'injection-refused-egress',
                  'injection-refused-connector',
                ].includes(e.unprocessed_entity?.metadata?.name),
              );
            return found.length === 3 ? found : undefined;
          },
          'the refused manifests to fail processing',
          120_000,
        );
        const errors = JSON.stringify(failed.map((e: any) => e.errors));
        expect(errors).toContain('\\"tags.0\\" is not valid');
        expect(errors).toContain('spec.egress[0]');
        expect(errors).toContain(
          'spec.connectors[0].name starts with \\"resource:\\", so it must be a Resource entity ref',
        );
        const listed = await as('alice').get('/api/microapps/apps?q=refused');
        expect(listed.body.totalItems).toBe(0);
      });

      it('keeps them verbatim in costs by app and cost center, and in the chargeback statement with formulas defused', async () => {
        for (const app of accepted) {
          const res = await sendSpans(app.metadata.name, [
            modelCall('azure-gpt-4.1-mini'),
          ]);
          expect(res.status).toBe(200);
          expect(res.body).toEqual({});
        }
        const byCostCenter = (
          await as('alice')
            .get('/api/microapps/costs?groupBy=costCenter')
            .expect(200)
        ).body;
        const byApp = (
          await as('alice').get('/api/microapps/costs?groupBy=app').expect(200)
        ).body;
        const csv = await as('alice').text(
          `/api/microapps/costs/chargeback.csv?month=${new Date()
            .toISOString()
            .slice(0, 7)}`,
        );
        expect(csv.status).toBe(200);
        const [header, ...rows] = parseCsv(csv.body);
        expect(header).toEqual([
          'month',
          'cost_center',
          'team',
          'app',
          'app_title',
          'requests',
          'input_tokens',
          'output_tokens',
          'cost_usd',
        ]);
        for (const app of accepted) {
          const { title } = app.metadata;
          const { costCenter } = app.spec;
          const ref = `microapp:default/${app.metadata.name}`;
          expect(byCostCenter.groups).toContainEqual(
            expect.objectContaining({ key: costCenter, label: costCenter }),
          );
          expect(byApp.groups).toContainEqual(
            expect.objectContaining({ key: ref, label: title }),
          );
          const row = rows.find(r => r[3] === ref);
          expect(row?.slice(1, 5)).toEqual([
            csvShown(costCenter),
            'group:default/finance-ops',
            ref,
            csvShown(title!),
          ]);
        }
      });

      it('answers hostile query parameters with 200 or a 400 that names the parameter, and hostile app names with 400 or 404, never a 500', async () => {
        const problems: string[] = [];
        for (const [label, hostile] of OTLP_HOSTILE) {
          // Past about 16 kB a URL is refused by Node's HTTP parser itself; 500 characters do.
          const value = hostile.slice(0, 500);
          for (const [url, query, parameter] of [
            ['/api/microapps/apps', { q: value }, 'q'],
            ['/api/microapps/apps', { owner: value }, 'owner'],
            ['/api/microapps/violations', { entityRef: value }, 'entityRef'],
            ['/api/microapps/audit', { entityRef: value }, 'entityRef'],
            ['/api/microapps/costs', { groupBy: value }, 'groupBy'],
            [
              `/api/microapps/apps/default/${encodeURIComponent(value)}`,
              {},
              'name',
            ],
            [
              `/api/microapps/apps/default/${encodeURIComponent(value)}/costs`,
              {},
              'name',
            ],
          ] as const) {
            const res = await as('nora').get(url).query(query);
            const ok =
              parameter === 'name'
                ? // Not a MicroApp (404), or a ref the catalog itself refuses (400, e.g. control characters).
                  [400, 404].includes(res.status)
                : res.status === 200 ||
                  (res.status === 400 &&
                    new RegExp(
                      `Invalid query\\. ${parameter}(\\[\\d+\\])?:`,
                    ).test(res.body?.error?.message));
            if (!ok)
              problems.push(
                `${url} ${parameter}=${label}: ${res.status} ${
                  res.body?.error?.message ?? ''
                }`,
              );
          }
        }
        expect(problems).toEqual([]);
      });
    });
  },
);
