import { createFetchApi, FetchMiddlewares } from '@backstage/core-app-api';
import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import type { MarketplacePage } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MicroAppsClient } from './MicroAppsClient';

const baseUrl = 'http://backstage.test:7007';
const server = setupServer();

function notFound(message: string) {
  return HttpResponse.json(
    {
      error: { name: 'NotFoundError', message },
      request: { method: 'GET', url: '/api/microapps/apps/default/nope' },
      response: { statusCode: 404 },
    },
    { status: 404 },
  );
}

describe('MicroAppsClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new MicroAppsClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });

  it('sends list filters as repeated query parameters', async () => {
    const page: MarketplacePage = { items: [], totalItems: 0 };
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/api/microapps/apps`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(page);
      }),
    );

    await expect(
      client.listApps({
        q: ' ticket ',
        tier: ['high', 'medium'],
        lifecycle: ['production'],
        dataClass: ['regulated', 'confidential'],
        type: ['summarizer'],
        owner: ['group:default/finance-ops'],
        sort: 'risk',
        order: 'desc',
        limit: 20,
        offset: 40,
      }),
    ).resolves.toEqual(page);

    expect(seen?.searchParams.get('q')).toBe('ticket');
    expect(seen?.searchParams.getAll('tier')).toEqual(['high', 'medium']);
    expect(seen?.searchParams.getAll('lifecycle')).toEqual(['production']);
    expect(seen?.searchParams.getAll('dataClass')).toEqual([
      'regulated',
      'confidential',
    ]);
    expect(seen?.searchParams.getAll('type')).toEqual(['summarizer']);
    expect(seen?.searchParams.getAll('owner')).toEqual([
      'group:default/finance-ops',
    ]);
    expect(seen?.searchParams.get('sort')).toBe('risk');
    expect(seen?.searchParams.get('order')).toBe('desc');
    expect(seen?.searchParams.get('limit')).toBe('20');
    expect(seen?.searchParams.get('offset')).toBe('40');
  });

  it('sends no query string when nothing is asked for', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/api/microapps/apps`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json({ items: [], totalItems: 0 });
      }),
    );
    await client.listApps();
    expect(seen?.search).toBe('');
  });

  it('fetches one app by entity ref', async () => {
    server.use(
      http.get(`${baseUrl}/api/microapps/apps/:namespace/:name`, ({ params }) =>
        HttpResponse.json({
          entityRef: `microapp:${params.namespace}/${params.name}`,
        }),
      ),
    );
    await expect(
      client.getApp('microapp:team-a/ticket-summarizer'),
    ).resolves.toMatchObject({
      entityRef: 'microapp:team-a/ticket-summarizer',
    });
    await expect(
      client.getApp({ name: 'ticket-summarizer' }),
    ).resolves.toMatchObject({
      entityRef: 'microapp:default/ticket-summarizer',
    });
  });

  it('throws a ResponseError carrying the server message', async () => {
    server.use(
      http.get(`${baseUrl}/api/microapps/apps/:namespace/:name`, () =>
        notFound('No MicroApp named default/nope'),
      ),
    );
    const error = await client.getApp('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    // The server's own error is kept as the cause, as ResponseErrorPanel shows it.
    expect(error.cause).toMatchObject({
      name: 'NotFoundError',
      message: 'No MicroApp named default/nope',
    });
    expect(error.body.error.message).toBe('No MicroApp named default/nope');
  });

  it('posts the spec to the risk simulator', async () => {
    let body: unknown;
    server.use(
      http.post(
        `${baseUrl}/api/microapps/risk/evaluate`,
        async ({ request }) => {
          body = await request.json();
          return HttpResponse.json({ score: 35, tier: 'medium', factors: [] });
        },
      ),
    );
    const spec = {
      reach: 'team' as const,
      data: {
        classifications: ['confidential' as const],
        pii: 'none' as const,
      },
      models: ['gpt-4o'],
      dependencies: { risk: 'minimal' as const },
    };
    await expect(client.evaluateRisk(spec)).resolves.toEqual({
      score: 35,
      tier: 'medium',
      factors: [],
    });
    expect(body).toEqual({ spec });
  });

  it('turns a 400 from the risk simulator into a ResponseError', async () => {
    server.use(
      http.post(`${baseUrl}/api/microapps/risk/evaluate`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Invalid request body: spec.reach must be one of …',
            },
            request: { method: 'POST', url: '/api/microapps/risk/evaluate' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(client.evaluateRisk({} as any)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('spec.reach must be one of'),
      }),
    });
  });

  it('lists the model catalog', async () => {
    const model = {
      id: 'gpt-4o',
      provider: 'openai',
      status: 'approved',
      hosting: 'enterprise',
      pricing: { inputPer1M: 2.5, outputPer1M: 10 },
    };
    server.use(
      http.get(`${baseUrl}/api/microapps/models`, () =>
        HttpResponse.json({ items: [model] }),
      ),
    );
    await expect(client.listModels()).resolves.toEqual([model]);
  });

  it('posts a grant with its comment to the badge of the app', async () => {
    let seen: { url: string; body: unknown } | undefined;
    server.use(
      http.post(
        `${baseUrl}/api/microapps/apps/:namespace/:name/badges/:badge/grant`,
        async ({ request }) => {
          seen = { url: request.url, body: await request.json() };
          return HttpResponse.json({ entityRef: 'microapp:team-a/helper' });
        },
      ),
    );
    await expect(
      client.grantBadge('microapp:team-a/helper', 'security-review', 'Fine'),
    ).resolves.toEqual({ entityRef: 'microapp:team-a/helper' });
    expect(seen).toEqual({
      url: `${baseUrl}/api/microapps/apps/team-a/helper/badges/security-review/grant`,
      body: { comment: 'Fine' },
    });
  });

  it('reads the chargeback statement as text and revokes a key (204)', async () => {
    server.use(
      http.get(
        `${baseUrl}/api/microapps/costs/chargeback.csv`,
        ({ request }) =>
          new HttpResponse(
            `month\r\n${new URL(request.url).searchParams.get('month')}\r\n`,
            { headers: { 'Content-Type': 'text/csv; charset=utf-8' } },
          ),
      ),
      http.delete(
        `${baseUrl}/api/microapps/apps/default/helper/ingest-keys/key-1`,
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    await expect(client.getChargebackCsv('2026-11')).resolves.toBe(
      'month\r\n2026-11\r\n',
    );
    await expect(
      client.revokeIngestKey({ name: 'helper' }, 'key-1'),
    ).resolves.toBeUndefined();
  });

  it("sends bodies through a portal's fetch middlewares, which rebuild each request", async () => {
    const discoveryApi = mockApis.discovery({ baseUrl });
    const portalClient = new MicroAppsClient({
      discoveryApi,
      fetchApi: createFetchApi({
        middleware: [
          FetchMiddlewares.resolvePluginProtocol({ discoveryApi }),
          FetchMiddlewares.injectIdentityAuth({
            identityApi: mockApis.identity({ token: 'ada-token' }),
            allowUrl: () => true,
          }),
        ],
      }),
    });
    let seen: { authorization: string | null; body: unknown } | undefined;
    server.use(
      http.post(
        `${baseUrl}/api/microapps/apps/default/helper/kill-switch`,
        async ({ request }) => {
          seen = {
            authorization: request.headers.get('authorization'),
            body: await request.json(),
          };
          return HttpResponse.json({ entityRef: 'microapp:default/helper' });
        },
      ),
    );
    await portalClient.setKillSwitch('helper', {
      enabled: true,
      reason: 'Leaks data',
    });
    expect(seen).toEqual({
      authorization: 'Bearer ada-token',
      body: { enabled: true, reason: 'Leaks data' },
    });
  });

  it('asks for incidents by state and changes an incident with a note', async () => {
    let listed: URL | undefined;
    let posted: unknown;
    server.use(
      http.get(`${baseUrl}/api/microapps/incidents`, ({ request }) => {
        listed = new URL(request.url);
        return HttpResponse.json({ items: [], totalItems: 0 });
      }),
      http.post(
        `${baseUrl}/api/microapps/incidents/7/state`,
        async ({ request }) => {
          posted = await request.json();
          return HttpResponse.json({ id: 7, state: 'mitigated', events: [] });
        },
      ),
    );

    await expect(
      client.listIncidents({ state: 'open', limit: 100 }),
    ).resolves.toEqual({ items: [], totalItems: 0 });
    expect(listed?.searchParams.get('state')).toBe('open');
    expect(listed?.searchParams.get('limit')).toBe('100');

    await expect(
      client.setIncidentState(7, 'mitigated', 'Masking is back on'),
    ).resolves.toMatchObject({ id: 7, state: 'mitigated' });
    expect(posted).toEqual({ state: 'mitigated', note: 'Masking is back on' });
  });

  it('throws the backend’s refusal when a non-steward lists the policies', async () => {
    server.use(
      http.get(`${baseUrl}/api/microapps/policies`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Only stewards' },
            request: { method: 'GET', url: '/api/microapps/policies' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const refusal = await client.listPolicies().catch(error => error);
    expect(refusal).toBeInstanceOf(ResponseError);
    expect(refusal.statusCode).toBe(403);
  });
});
