/*
 * Ingest keys end to end on a portal of real parts (signedInPortal.ts: real
 * auth, permission and catalog backends, the steward policy module, signed-in
 * users, the MicroApp catalog module and the microapps plugin), on every
 * database TestDatabases reaches: who may create, list and revoke keys; an
 * app key speaks for its app only; a revoked or unknown key gets 401; a
 * gateway key reports for any app, and its unregistered apps and unknown
 * models are capped per day.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { exampleApps } from '../__testUtils__/exampleCatalogPortal';
import {
  EXAMPLE_CATALOG_FILES,
  requestsAs,
  sendTraces,
  signIn,
  startSignedInPortal,
} from '../__testUtils__/signedInPortal';

jest.setTimeout(180_000);

const OWNED = 'invoice-field-extractor'; // finance-ops: alice's team
const OTHER = 'month-end-close-summarizer'; // also finance-ops
const APPS = '/api/microapps/apps/default';

let spanCounter = 0;
/** An OTLP/JSON request with one GenAI span per resource. */
function traces(
  resources: Array<{ attributes: Record<string, string>; model?: string }>,
) {
  const now = Date.now();
  return {
    resourceSpans: resources.map(({ attributes, model }) => {
      spanCounter += 1;
      return {
        resource: {
          attributes: Object.entries(attributes).map(([key, value]) => ({
            key,
            value: { stringValue: value },
          })),
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: spanCounter.toString(16).padStart(32, '0'),
                spanId: spanCounter.toString(16).padStart(16, '0'),
                name: 'chat',
                startTimeUnixNano: `${now - 1000}000000`,
                endTimeUnixNano: `${now}000000`,
                attributes: [
                  {
                    key: 'gen_ai.request.model',
                    value: { stringValue: model ?? 'azure-gpt-4.1-mini' },
                  },
                  {
                    key: 'gen_ai.usage.input_tokens',
                    value: { intValue: '1000' },
                  },
                ],
              },
            ],
          },
        ],
      };
    }),
  };
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('ingest keys (%s)', databaseId => {
  let server: any;
  let stop: () => Promise<void>;
  const tokens = new Map<string, string>();
  const as = (user: string) => requestsAs(server, tokens)(user);
  const send = (key: string, body: object) => sendTraces(server, key, body);

  beforeAll(async () => {
    const backend = await startSignedInPortal({
      databases,
      databaseId,
      catalogFiles: EXAMPLE_CATALOG_FILES,
      microapps: {
        telemetry: {
          caps: { unregisteredAppsPerDay: 2, unknownModelsPerDay: 2 },
        },
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    for (const [user, token] of await signIn(server, ['alice', 'sam', 'uma']))
      tokens.set(user, token);
    for (let i = 0; ; i++) {
      const res = await as('sam').get(
        '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
      );
      if (res.body.totalItems === exampleApps.length) break;
      if (i === 480) throw new Error('the example apps never appeared');
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await stop?.();
  });

  const requestsOf = async (name: string) =>
    (await as('sam').get(`${APPS}/${name}/costs`)).body.totals.requests;

  it('lets the owning team and platform stewards manage an app’s keys, and nobody else', async () => {
    expect(
      (await as('uma').post(`${APPS}/${OWNED}/ingest-keys`, { name: 'x' }))
        .status,
    ).toBe(403);
    expect((await as('uma').get(`${APPS}/${OWNED}/ingest-keys`)).status).toBe(
      403,
    );
    expect(
      (await as('alice').post(`${APPS}/${OWNED}/ingest-keys`, { name: '' }))
        .status,
    ).toBe(400);

    const created = await as('alice').post(`${APPS}/${OWNED}/ingest-keys`, {
      name: 'production',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'production',
      key: expect.stringMatching(/^trk_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
    });
    const listed = await as('sam').get(`${APPS}/${OWNED}/ingest-keys`);
    expect(listed.body.items).toEqual([
      {
        id: created.body.id,
        name: 'production',
        createdAt: created.body.createdAt,
        createdBy: 'user:default/alice',
      },
    ]);
    // The key is shown once and never stored: no listing or audit entry holds it.
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const audit = await as('sam').get(
      `/api/microapps/audit?entityRef=${encodeURIComponent(
        `microapp:default/${OWNED}`,
      )}&limit=5`,
    );
    expect(audit.body.items[0]).toMatchObject({
      action: 'ingest-key.created',
      actor: 'user:default/alice',
    });
    expect(JSON.stringify(audit.body)).not.toContain(created.body.key);
  });

  it('attributes an app key’s spans to its app, and refuses spans that claim another app', async () => {
    const { key } = (
      await as('alice').post(`${APPS}/${OWNED}/ingest-keys`, { name: 'ci' })
    ).body;
    const before = {
      owned: await requestsOf(OWNED),
      other: await requestsOf(OTHER),
    };
    const res = await send(
      key,
      traces([
        { attributes: {} },
        { attributes: { 'service.name': OWNED } },
        { attributes: { 'service.name': OTHER } },
        { attributes: { 'trellis.microapp.ref': `microapp:default/${OTHER}` } },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe('2');
    expect(res.body.partialSuccess.errorMessage).toContain(
      `service.name "${OTHER}" names another app than microapp:default/${OWNED}`,
    );
    expect(res.body.partialSuccess.errorMessage).toContain(
      'trellis.microapp.ref',
    );
    expect(await requestsOf(OWNED)).toBe(before.owned + 2);
    expect(await requestsOf(OTHER)).toBe(before.other);
  });

  it('answers 401 to a revoked or unknown key at once', async () => {
    const created = (
      await as('alice').post(`${APPS}/${OWNED}/ingest-keys`, {
        name: 'to revoke',
      })
    ).body;
    expect((await send(created.key, traces([{ attributes: {} }]))).status).toBe(
      200,
    );
    expect(
      (await as('uma').delete(`${APPS}/${OWNED}/ingest-keys/${created.id}`))
        .status,
    ).toBe(403);
    expect(
      (await as('alice').delete(`${APPS}/${OWNED}/ingest-keys/${created.id}`))
        .status,
    ).toBe(204);
    const refused = await send(created.key, traces([{ attributes: {} }]));
    expect(refused.status).toBe(401);
    expect(
      (await as('alice').delete(`${APPS}/${OWNED}/ingest-keys/${created.id}`))
        .status,
    ).toBe(404);
    expect(
      (await send(`trk_${'x'.repeat(43)}`, traces([{ attributes: {} }])))
        .status,
    ).toBe(401);
    const listed = await as('alice').get(`${APPS}/${OWNED}/ingest-keys`);
    expect(listed.body.items.map((k: any) => k.id)).not.toContain(created.id);
  });

  it('lets platform stewards make gateway keys, which report for any app within the day’s caps', async () => {
    expect(
      (
        await as('alice').post('/api/microapps/ingest-keys', {
          name: 'g',
          gateway: true,
        })
      ).status,
    ).toBe(403);
    expect(
      (await as('sam').post('/api/microapps/ingest-keys', { name: 'g' }))
        .status,
    ).toBe(400);
    const gateway = await as('sam').post('/api/microapps/ingest-keys', {
      name: 'otel-collector',
      gateway: true,
    });
    expect(gateway.status).toBe(201);
    expect(gateway.body.gateway).toBe(true);
    expect(
      (await as('sam').get('/api/microapps/ingest-keys')).body.items,
    ).toEqual([expect.objectContaining({ name: 'otel-collector' })]);

    const before = await requestsOf(OTHER);
    const res = await send(
      gateway.body.key,
      traces([
        { attributes: { 'service.name': OTHER } },
        // Three unregistered apps: two fit the day's cap of 2.
        { attributes: { 'service.name': 'shadow-a' } },
        { attributes: { 'service.name': 'shadow-b' } },
        { attributes: { 'service.name': 'shadow-c' } },
        // Three unknown models: two fit.
        { attributes: { 'service.name': OTHER }, model: 'fake-1' },
        { attributes: { 'service.name': OTHER }, model: 'fake-2' },
        { attributes: { 'service.name': OTHER }, model: 'fake-3' },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe('2');
    expect(res.body.partialSuccess.errorMessage).toContain(
      'this key reported 2 unregistered apps today, the most it may',
    );
    expect(res.body.partialSuccess.errorMessage).toContain(
      'this key reported 2 models the catalog does not know today',
    );
    expect(await requestsOf(OTHER)).toBe(before + 3);
    // An app already reported today stays admitted.
    const again = await send(
      gateway.body.key,
      traces([{ attributes: { 'service.name': 'shadow-a' } }]),
    );
    expect(again.status).toBe(200);
    expect(Number(again.body.partialSuccess?.rejectedSpans ?? 0)).toBe(0);

    expect(
      (await as('sam').delete(`/api/microapps/ingest-keys/${gateway.body.id}`))
        .status,
    ).toBe(204);
    expect(
      (await send(gateway.body.key, traces([{ attributes: {} }]))).status,
    ).toBe(401);
    expect(
      (await as('sam').get('/api/microapps/audit/verify')).body.valid,
    ).toBe(true);
  });
});
