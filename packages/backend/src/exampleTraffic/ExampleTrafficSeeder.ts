import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ExampleCatalog,
  SendExampleTrafficOptions,
  SendExampleTrafficResult,
} from '@trellis/example-traffic';
import { LIFECYCLE_STAGES } from '@trellis/plugin-microapps-common';

export interface ExampleTrafficSeederOptions {
  logger: LoggerService;
  /** Base URL of the microapps plugin, e.g. `http://localhost:7007/api/microapps`. */
  getBaseUrl: () => Promise<string>;
  /** A token that the microapps plugin accepts (plugin-to-plugin). */
  getServiceToken: () => Promise<string>;
  /** Bearer token for the OTLP receiver; the service token when absent. */
  otlpToken?: string;
  catalog: ExampleCatalog;
  days: number;
  scale?: number;
  send: (
    options: SendExampleTrafficOptions,
  ) => Promise<SendExampleTrafficResult>;
  fetch?: typeof fetch;
  /** How often to ask the marketplace how many apps it knows. Default 5 s. */
  pollIntervalMs?: number;
  /** How long to wait for the marketplace to know the example apps. Default 10 min. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export type SeedOutcome = 'seeded' | 'already-seeded';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Fills an empty example portal with generated telemetry history: waits
 * until the Trellis marketplace knows every example app (traces are
 * attributed through it), checks that no telemetry exists yet, then sends
 * the example traffic to the portal's own OTLP receiver.
 */
export class ExampleTrafficSeeder {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ExampleTrafficSeederOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async run(): Promise<SeedOutcome> {
    const { logger, catalog } = this.options;
    await this.waitForMarketplace(catalog.apps.length);
    if (await this.hasTelemetry()) {
      logger.info(
        'Example traffic: the portal already has telemetry, nothing sent',
      );
      return 'already-seeded';
    }
    const baseUrl = await this.options.getBaseUrl();
    const keys = await this.createIngestKeys();
    const result = await this.options.send({
      url: `${baseUrl}/v1/traces`,
      token:
        keys.gateway ??
        this.options.otlpToken ??
        (await this.options.getServiceToken()),
      tokenFor: name => keys.apps.get(name),
      catalog,
      days: this.options.days,
      scale: this.options.scale,
      signal: this.options.signal,
    });
    const overrun = result.budgetOverrun
      ? `; ${result.budgetOverrun.app} is over its monthly budget`
      : '';
    logger.info(
      `Example traffic: sent ${result.spans} spans (${result.genAiSpans} GenAI) for ${result.apps} apps ` +
        `over ${this.options.days} days in ${(result.durationMs / 1000).toFixed(
          1,
        )} s${overrun}`,
    );
    return 'seeded';
  }

  /**
   * As a micro-app team would: an ingest key for each example app, and a
   * gateway key for the traffic of the app nobody registered. Keys that
   * cannot be made are left out; their apps' traffic goes with the token.
   */
  private async createIngestKeys(): Promise<{
    apps: Map<string, string>;
    gateway?: string;
  }> {
    const apps = new Map<string, string>();
    const create = async (path: string, body: object) => {
      const res = await this.fetch(
        `${await this.options.getBaseUrl()}${path}`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${await this.options.getServiceToken()}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(body),
          signal: this.options.signal,
        },
      );
      if (res.status !== 201) {
        this.options.logger.warn(
          `Example traffic: could not create an ingest key (${path}: HTTP ${res.status}); the example token is used instead`,
        );
        return undefined;
      }
      return ((await res.json()) as { key: string }).key;
    };
    for (const app of this.options.catalog.apps) {
      const key = await create(
        `/apps/default/${encodeURIComponent(app.name)}/ingest-keys`,
        { name: 'example traffic' },
      );
      if (key) apps.set(app.name, key);
    }
    const gateway = await create('/ingest-keys', {
      name: 'example traffic gateway',
      gateway: true,
    });
    return { apps, gateway };
  }

  private async get(path: string): Promise<Response> {
    return this.fetch(`${await this.options.getBaseUrl()}${path}`, {
      headers: {
        Authorization: `Bearer ${await this.options.getServiceToken()}`,
      },
      signal: this.options.signal,
    });
  }

  /**
   * Polls `GET /apps?limit=1` (every lifecycle stage, drafts included) until `totalItems` reaches the number of
   * example manifests and is the same twice in a row. Resolves with the count.
   */
  async waitForMarketplace(expected: number): Promise<number> {
    const {
      pollIntervalMs = 5000,
      maxWaitMs = 600_000,
      signal,
      logger,
    } = this.options;
    const deadline = Date.now() + maxWaitMs;
    let previous: number | undefined;
    let lastProblem = 'no answer yet';
    for (;;) {
      if (signal?.aborted)
        throw new Error(
          'Example traffic: stopped while waiting for the marketplace',
        );
      try {
        const res = await this.get(
          `/apps?limit=1&lifecycle=${LIFECYCLE_STAGES.join(',')}`,
        );
        if (res.ok) {
          const total = Number((await res.json()).totalItems);
          if (total >= expected && total === previous) return total;
          previous = total;
          lastProblem = `${total} of ${expected} example apps listed`;
        } else {
          lastProblem = `GET /apps answered HTTP ${res.status}`;
        }
      } catch (error) {
        lastProblem = `GET /apps failed: ${
          error instanceof Error ? error.message : error
        }`;
      }
      if (Date.now() + pollIntervalMs > deadline) break;
      await sleep(pollIntervalMs, signal);
    }
    if (previous !== undefined && previous > 0) {
      logger.warn(
        `Example traffic: the marketplace still lists only ${lastProblem}; sending anyway`,
      );
      return previous;
    }
    throw new Error(
      `Example traffic: the marketplace did not list the example apps in time (${lastProblem})`,
    );
  }

  /** Whether the portal already has cost data (a persistent database that was seeded before). */
  async hasTelemetry(): Promise<boolean> {
    const res = await this.get('/costs');
    // A receiver without cost reports cannot have been seeded.
    if (res.status === 404) return false;
    if (!res.ok)
      throw new Error(
        `Example traffic: GET /costs answered HTTP ${res.status}`,
      );
    const { totalUsd } = await res.json();
    return typeof totalUsd === 'number' && totalUsd > 0;
  }
}
