import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  ExampleCatalog,
  SendExampleTrafficOptions,
} from '@trellis/example-traffic';
import { ExampleTrafficSeeder } from './ExampleTrafficSeeder';
import { readExampleTrafficSettings } from './exampleTrafficPlugin';

/** The seeder counts every app, drafts and decommissioned ones included. */
const MARKETPLACE_COUNT =
  '/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned';

const catalog = {
  examplesDir: '/examples',
  apps: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
  models: [],
} as unknown as ExampleCatalog;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** A stand-in for the microapps plugin: the marketplace learns apps over a few polls. */
function fakeMicroApps(options: {
  totals: number[];
  costs: Response | (() => Response);
  /** Answers key creation as the plugin does. */
  keys?: boolean;
}) {
  const calls: Array<{ url: string; auth: string | null }> = [];
  let poll = 0;
  const fetchFn = jest.fn(
    async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      calls.push({
        url,
        auth: new Headers(init?.headers).get('authorization'),
      });
      if (url.endsWith(MARKETPLACE_COUNT)) {
        const total =
          options.totals[Math.min(poll++, options.totals.length - 1)];
        return json({ items: [], totalItems: total });
      }
      if (options.keys && url.endsWith('/ingest-keys')) {
        const app = /\/apps\/default\/([^/]+)\/ingest-keys$/.exec(url)?.[1];
        return json({ id: 'k', key: `trk_${app ?? 'gateway'}` }, 201);
      }
      if (url.endsWith('/costs'))
        return typeof options.costs === 'function'
          ? options.costs()
          : options.costs;
      return json({}, 404);
    },
  ) as unknown as typeof fetch;
  return { fetchFn, calls };
}

describe('ExampleTrafficSeeder', () => {
  const send = jest.fn(async (_: SendExampleTrafficOptions) => ({
    apps: 4,
    traces: 10,
    spans: 20,
    genAiSpans: 10,
    exportedSpans: 20,
    from: new Date(),
    to: new Date(),
    durationMs: 1200,
  }));
  const seeder = (fetchFn: typeof fetch, otlpToken?: string) =>
    new ExampleTrafficSeeder({
      logger: mockServices.logger.mock(),
      getBaseUrl: async () => 'http://localhost:7007/api/microapps',
      getServiceToken: async () => 'plugin-token',
      otlpToken,
      catalog,
      days: 60,
      send,
      fetch: fetchFn,
      pollIntervalMs: 1,
      maxWaitMs: 2000,
    });

  beforeEach(() => send.mockClear());

  it('waits until the marketplace lists every example app, then sends to the OTLP receiver', async () => {
    const { fetchFn, calls } = fakeMicroApps({
      totals: [0, 1, 3, 3],
      costs: json({ totalUsd: 0 }),
    });
    await expect(seeder(fetchFn, 'dev-token').run()).resolves.toBe('seeded');
    const polls = calls.filter(c => c.url.endsWith(MARKETPLACE_COUNT));
    expect(polls).toHaveLength(4); // 0, 1, 3, and 3 again: stable
    expect(calls.every(c => c.auth === 'Bearer plugin-token')).toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0]).toMatchObject({
      url: 'http://localhost:7007/api/microapps/v1/traces',
      token: 'dev-token',
      days: 60,
      catalog,
    });
  });

  it('sends each app with an ingest key of its own, and the rest with a gateway key', async () => {
    const { fetchFn } = fakeMicroApps({
      totals: [3],
      costs: json({ groups: [], totalUsd: 0 }),
      keys: true,
    });
    expect(await seeder(fetchFn, 'static-token').run()).toBe('seeded');
    const options = send.mock.calls[0][0];
    expect(options.token).toBe('trk_gateway');
    expect(
      ['a', 'b', 'c', 'shadow'].map(app => options.tokenFor?.(app)),
    ).toEqual(['trk_a', 'trk_b', 'trk_c', undefined]);
  });

  it('sends nothing when the portal already has telemetry', async () => {
    const { fetchFn } = fakeMicroApps({
      totals: [3],
      costs: json({ totalUsd: 12.5 }),
    });
    await expect(seeder(fetchFn).run()).resolves.toBe('already-seeded');
    expect(send).not.toHaveBeenCalled();
  });

  it('treats a missing cost report as no telemetry and falls back to the service token', async () => {
    const { fetchFn } = fakeMicroApps({
      totals: [3],
      costs: json({ error: { name: 'NotFoundError' } }, 404),
    });
    await expect(seeder(fetchFn).run()).resolves.toBe('seeded');
    expect(send.mock.calls[0][0].token).toBe('plugin-token');
  });

  it('gives up when the marketplace never lists any app', async () => {
    const { fetchFn } = fakeMicroApps({
      totals: [0],
      costs: json({ totalUsd: 0 }),
    });
    const impatient = new ExampleTrafficSeeder({
      logger: mockServices.logger.mock(),
      getBaseUrl: async () => 'http://localhost:7007/api/microapps',
      getServiceToken: async () => 'plugin-token',
      catalog,
      days: 60,
      send,
      fetch: fetchFn,
      pollIntervalMs: 5,
      maxWaitMs: 30,
    });
    await expect(impatient.run()).rejects.toThrow(
      /did not list the example apps in time \(0 of 3/,
    );
    expect(send).not.toHaveBeenCalled();
  });
});

describe('readExampleTrafficSettings', () => {
  const read = (data: object) =>
    readExampleTrafficSettings(new ConfigReader(data));

  it('is on only with seedOnStart in a development portal', () => {
    const seeding = {
      trellis: { exampleTraffic: { seedOnStart: true, token: 't', days: 30 } },
    };
    expect(read({ ...seeding, auth: { environment: 'development' } })).toEqual({
      token: 't',
      days: 30,
      scale: undefined,
    });
    expect(
      read({ ...seeding, auth: { environment: 'production' } }),
    ).toBeUndefined();
    expect(
      read({
        trellis: { exampleTraffic: { seedOnStart: false } },
        auth: { environment: 'development' },
      }),
    ).toBeUndefined();
    expect(read({ auth: { environment: 'development' } })).toBeUndefined();
  });

  it('rejects nonsense', () => {
    expect(() =>
      read({
        trellis: { exampleTraffic: { seedOnStart: true, days: 0 } },
        auth: { environment: 'development' },
      }),
    ).toThrow(/days must be a whole number/);
  });
});
