import type { LoggerService } from '@backstage/backend-plugin-api';
import { DEV_USER_HEADER } from '../devSignIn/devUsersAuthModule';
import type { GovernanceStep } from './exampleGovernancePlan';
import { piiFindingsTraces } from './piiFindingsTraces';

export interface ExampleGovernanceSeederOptions {
  logger: LoggerService;
  /** Base URL of the microapps plugin, e.g. `http://localhost:7007/api/microapps`. */
  getBaseUrl: () => Promise<string>;
  /** Base URL of the auth plugin, whose `dev-users` provider signs the stewards in. */
  getAuthBaseUrl: () => Promise<string>;
  /** Base URL of the catalog plugin, asked to read an app again after its manifest changed. */
  getCatalogBaseUrl: () => Promise<string>;
  /** Makes the catalog deliver an app's changed manifest (`change-manifest` steps); answers its entity ref. */
  changeManifest?: (app: string) => Promise<string>;
  plan: readonly GovernanceStep[];
  /** Resolves when kill switches may be engaged and findings reported (the example traffic is in). */
  beforeKillSwitches?: () => Promise<void>;
  fetch?: typeof fetch;
  /** How often to retry sign-in and app lookups while the catalog loads. Default 5 s. */
  pollIntervalMs?: number;
  /** How long to wait for the catalog and the marketplace. Default 10 min. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export type GovernanceSeedOutcome = 'seeded' | 'already-seeded';

/** Who the seeder reads as: a platform steward, who may read the audit log. */
const READER = 'sam';

/** Steps that wait for the example traffic, so that it does not run into a switched-off app. */
const afterTraffic = (step: GovernanceStep) =>
  step.action === 'kill-switch' || step.action === 'pii-findings';

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
 * Gives an empty example portal an approval history: each step of the plan
 * is a request to the public REST API by the named example steward, signed
 * in with the development sign-in, so every record is audited, attributed
 * and subject to separation of duties like any other. A refused step is
 * logged and skipped.
 */
export class ExampleGovernanceSeeder {
  private readonly fetch: typeof fetch;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: ExampleGovernanceSeederOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async run(): Promise<GovernanceSeedOutcome> {
    const { logger, plan } = this.options;
    await this.waitForApps([...new Set(plan.map(step => step.app))]);
    if (await this.hasGovernanceHistory()) {
      // The catalog keeps delivering the changed manifests, as before the restart.
      for (const step of plan)
        if (step.action === 'change-manifest')
          await this.options.changeManifest?.(step.app);
      logger.info(
        'Example governance: the audit log already has steward decisions, nothing seeded',
      );
      return 'already-seeded';
    }
    const done: GovernanceStep[] = [];
    const take = async (step: GovernanceStep) => {
      if (await this.take(step)) done.push(step);
    };
    for (const step of plan.filter(s => !afterTraffic(s))) await take(step);
    const later = plan.filter(afterTraffic);
    if (later.length && this.options.beforeKillSwitches) {
      await this.options.beforeKillSwitches();
      // The wait may outlast the user tokens.
      this.tokens.clear();
    }
    for (const step of later) await take(step);

    const count = (action: GovernanceStep['action']) =>
      done.filter(s => s.action === action).length;
    const grantedApps = new Set(
      done.filter(s => s.action === 'grant').map(s => s.app),
    );
    logger.info(
      `Example governance: granted ${count('grant')} badges on ${
        grantedApps.size
      } apps, ${count('revoke')} revoked, ${count(
        'request-changes',
      )} changes requested, ${count(
        'kill-switch',
      )} kill switch engaged, ${count(
        'change-manifest',
      )} manifest changed after its review, PII findings sent for ${count(
        'pii-findings',
      )} app${count('pii-findings') === 1 ? '' : 's'}`,
    );
    return 'seeded';
  }

  /** Sends one step as its user; true when the portal accepted it. */
  private async take(step: GovernanceStep): Promise<boolean> {
    if (step.action === 'pii-findings') return this.reportPiiFindings(step);
    if (step.action === 'change-manifest') return this.changeManifest(step);
    const app = `/apps/default/${encodeURIComponent(step.app)}`;
    const [path, body, what] =
      step.action === 'kill-switch'
        ? [
            `${app}/kill-switch`,
            { enabled: true, reason: step.reason },
            'engage the kill switch',
          ]
        : [
            `${app}/badges/${step.badge}/${step.action}`,
            { comment: step.comment },
            `${step.action} ${step.badge}`,
          ];
    const res = await this.request(step.steward, path, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (res.ok) return true;
    await this.warnRefused(step.steward, what, step.app, res);
    return false;
  }

  private async warnRefused(
    user: string,
    what: string,
    app: string,
    res: Response,
  ) {
    const answer = await res
      .json()
      .then(json => json?.error?.message)
      .catch(() => undefined);
    this.options.logger.warn(
      `Example governance: ${user} could not ${what} on ${app}: HTTP ${
        res.status
      }${answer ? ` ${answer}` : ''}`,
    );
  }

  /**
   * As the app's team would: the owner creates an ingest key and sends, with
   * it, spans whose personal data findings make an enforcing policy fire on
   * ingest. True when every span was accepted and a policy engaged the
   * app's kill switch.
   */
  private async reportPiiFindings(
    step: Extract<GovernanceStep, { action: 'pii-findings' }>,
  ): Promise<boolean> {
    const app = `/apps/default/${encodeURIComponent(step.app)}`;
    const created = await this.request(step.owner, `${app}/ingest-keys`, {
      method: 'POST',
      body: JSON.stringify({ name: 'example PII findings' }),
    });
    if (created.status !== 201) {
      await this.warnRefused(
        step.owner,
        'create an ingest key',
        step.app,
        created,
      );
      return false;
    }
    const { key } = (await created.json()) as { key: string };
    const sent = await this.fetch(
      `${await this.options.getBaseUrl()}/v1/traces`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(
          piiFindingsTraces({ app: step.app, count: step.findings }),
        ),
        signal: this.options.signal,
      },
    );
    const rejected = sent.ok
      ? Number((await sent.json())?.partialSuccess?.rejectedSpans ?? 0)
      : step.findings;
    if (!sent.ok || rejected > 0) {
      this.options.logger.warn(
        `Example governance: the OTLP receiver refused ${rejected} of ${step.findings} spans with PII findings for ${step.app} (HTTP ${sent.status})`,
      );
      return false;
    }
    const res = await this.request(READER, app);
    const killSwitch = res.ok ? (await res.json()).killSwitch : undefined;
    if (killSwitch?.enabled && killSwitch.engagedByRole === 'policy')
      return true;
    this.options.logger.warn(
      `Example governance: ${step.findings} PII findings on ${step.app} engaged no policy's kill switch; is examples/policies/trellis-default.yaml among microapps.policies.locations?`,
    );
    return false;
  }

  /**
   * As the app's team would: the manifest changes (the catalog delivers the
   * changed one) and the owner asks the catalog to read the app again. True
   * once the app is served with the changed manifest's digest.
   */
  private async changeManifest(
    step: Extract<GovernanceStep, { action: 'change-manifest' }>,
  ): Promise<boolean> {
    const app = `/apps/default/${encodeURIComponent(step.app)}`;
    const digest = async () =>
      (await (await this.request(READER, app)).json()).digest;
    const before = await digest();
    let entityRef: string;
    try {
      if (!this.options.changeManifest)
        throw new Error('the seeder was given no way to change manifests');
      entityRef = await this.options.changeManifest(step.app);
    } catch (error) {
      this.options.logger.warn(
        `Example governance: the manifest of ${step.app} was not changed: ${
          error instanceof Error ? error.message : error
        }`,
      );
      return false;
    }
    const refresh = await this.request(
      step.owner,
      '/refresh',
      { method: 'POST', body: JSON.stringify({ entityRef }) },
      await this.options.getCatalogBaseUrl(),
    );
    if (!refresh.ok) {
      await this.warnRefused(
        step.owner,
        'refresh the catalog entity',
        step.app,
        refresh,
      );
      return false;
    }
    if (await this.poll(async () => (await digest()) !== before)) return true;
    this.options.logger.warn(
      `Example governance: the catalog did not deliver the changed manifest of ${step.app} in time`,
    );
    return false;
  }

  /** Asks `check` every poll interval until it is true (true) or the wait is over (false). */
  private async poll(check: () => Promise<boolean>): Promise<boolean> {
    const { pollIntervalMs = 5000, maxWaitMs = 600_000, signal } = this.options;
    const deadline = Date.now() + maxWaitMs;
    while (!signal?.aborted) {
      if (await check()) return true;
      if (Date.now() + pollIntervalMs > deadline) return false;
      await sleep(pollIntervalMs, signal);
    }
    return false;
  }

  /**
   * Whether stewards have acted before (a persistent database seeded
   * earlier): an approval, change request or kill switch entry by a person
   * in the audit log. Other entries do not count: the example traffic
   * seeder's ingest keys are audited too, possibly before this check, and a
   * policy may engage a kill switch as soon as the traffic arrives.
   */
  async hasGovernanceHistory(): Promise<boolean> {
    let beforeId: number | undefined;
    for (;;) {
      const page = `/audit?limit=500${beforeId ? `&beforeId=${beforeId}` : ''}`;
      const res = await this.request(READER, page);
      if (!res.ok)
        throw new Error(
          `Example governance: GET /audit answered HTTP ${res.status}`,
        );
      const items: Array<{ id: number; action: string; actor: string }> = (
        await res.json()
      ).items;
      const byPerson = items.filter(e => !e.actor.startsWith('policy:'));
      if (byPerson.some(e => /^(badge|killswitch)\./.test(e.action)))
        return true;
      if (items.length < 500) return false;
      beforeId = items[items.length - 1].id;
    }
  }

  /**
   * Waits until the stewards can sign in (the catalog has read the example
   * users) and every app of the plan answers `GET /apps/:namespace/:name`.
   */
  private async waitForApps(apps: string[]) {
    const { pollIntervalMs = 5000, maxWaitMs = 600_000, signal } = this.options;
    const deadline = Date.now() + maxWaitMs;
    let missing = apps;
    let lastProblem = 'no answer yet';
    for (;;) {
      if (signal?.aborted)
        throw new Error(
          'Example governance: stopped while waiting for the example apps',
        );
      try {
        const answers = await Promise.all(
          missing.map(async app => ({
            app,
            status: (await this.request(READER, `/apps/default/${app}`)).status,
          })),
        );
        const notYet = answers.filter(a => a.status !== 200);
        if (!notYet.length) return;
        missing = notYet.map(a => a.app);
        lastProblem = `${missing.length} of ${apps.length} apps not served yet, e.g. ${missing[0]} (HTTP ${notYet[0].status})`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() + pollIntervalMs > deadline) break;
      await sleep(pollIntervalMs, signal);
    }
    throw new Error(
      `Example governance: the example apps were not served in time (${lastProblem})`,
    );
  }

  /** A request as `user` to the microapps plugin, or to the plugin at `baseUrl`. */
  private async request(
    user: string,
    path: string,
    init: RequestInit = {},
    baseUrl?: string,
  ): Promise<Response> {
    const token = await this.token(user);
    const base = baseUrl ?? (await this.options.getBaseUrl());
    return this.fetch(`${base}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      signal: this.options.signal,
    });
  }

  /** A real user token from the development sign-in, as the browser gets one. */
  private async token(user: string): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached) return cached;
    const res = await this.fetch(
      `${await this.options.getAuthBaseUrl()}/dev-users/refresh?env=development`,
      { headers: { [DEV_USER_HEADER]: user }, signal: this.options.signal },
    );
    if (!res.ok)
      throw new Error(`development sign-in as ${user}: HTTP ${res.status}`);
    const token: string = (await res.json()).backstageIdentity.token;
    this.tokens.set(user, token);
    return token;
  }
}
