/*
 * What the security suite runs against: the example backend (one replica,
 * started by the system-test harness) with the example catalog plus a few
 * fixtures, an unrestricted service token and an ingest credential that may
 * only send traces.
 */
import fs from 'fs';
import path from 'path';
import { stringify as toYaml } from 'yaml';
import { Cluster, OTLP_TOKEN } from '../system/backends';

/** A static token restricted as the README shows for micro-apps: send traces, nothing else. */
export const INGEST_TOKEN = 'trellis-security-ingest-token-7d1e4b';
/** An unrestricted service token, as a pipeline holds one. */
export const SERVICE_TOKEN = OTLP_TOKEN;

/** A finance-ops app (high tier): the owners are alice's team. */
export const FINANCE_APP = 'vendor-risk-screener';
/** A MicroApp that declares a third-party connector (salesforce) as internal. */
export const MISDECLARED_APP = 'quiet-crm-exporter';

/** Catalog entities the scenarios need beside the example catalog. */
function fixtures() {
  return [
    // A sub-team of finance-ops whose member pat is also a security steward.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'finance-payables' },
      spec: { type: 'team', parent: 'finance-ops', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'pat' },
      spec: {
        profile: { displayName: 'Pat Payables' },
        memberOf: ['finance-payables', 'security-stewards'],
      },
    },
  ];
}

/** The MicroApp that declares salesforce (third-party in the catalog) as internal. */
export function misdeclaredApp() {
  return {
    apiVersion: 'trellis.dev/v1alpha1',
    kind: 'MicroApp',
    metadata: {
      name: MISDECLARED_APP,
      title: 'Quiet CRM exporter',
      description: 'Declares a third-party connector as internal.',
    },
    spec: {
      type: 'automation',
      lifecycle: 'sandbox',
      owner: 'group:default/sales-enablement',
      version: '1.0.0',
      costCenter: 'CC-SEC',
      reach: 'team',
      data: { classifications: ['internal'], pii: 'none' },
      connectors: [
        {
          name: 'resource:default/salesforce',
          exposure: 'internal',
          access: 'read',
        },
      ],
      models: ['azure-gpt-4.1-mini'],
      dependencies: { risk: 'minimal' },
    },
  };
}

export function securityCluster(
  database: 'sqlite' | 'postgres',
  port: number,
): Cluster {
  const cluster = new Cluster({
    replicas: [{ name: 'S', port }],
    database,
    label: `security-${database}`,
    logLevel: 'warn',
  });
  const fixtureFile = path.join(cluster.outputDir, 'security-fixtures.yaml');
  fs.writeFileSync(
    fixtureFile,
    [...fixtures(), misdeclaredApp()].map(e => toYaml(e)).join('---\n'),
  );
  // The cluster's generated config, extended: tokens and the fixture file.
  const configFile = path.join(cluster.outputDir, 'app-config.system.yaml');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  config.backend.auth.externalAccess = [
    { type: 'static', options: { token: SERVICE_TOKEN, subject: 'pipeline' } },
    {
      type: 'static',
      options: { token: INGEST_TOKEN, subject: 'micro-apps' },
      accessRestrictions: [
        { plugin: 'microapps', permission: 'microapps.telemetry.write' },
      ],
    },
  ];
  config.catalog.locations.push({ type: 'file', target: fixtureFile });
  config.microapps = { marketplace: { refreshIntervalSeconds: 2 } };
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return cluster;
}

/** A client of one running backend, as a user (by name), a token, or anonymous. */
export class Api {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly cluster: Cluster) {}

  get baseUrl(): string {
    return this.cluster.replicas[0].baseUrl;
  }

  async token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = await this.cluster.signIn(user, this.cluster.replicas[0].name);
      this.tokens.set(user, token);
    }
    return token;
  }

  /** `as` is a user name, `token:<token>` or `anonymous`. */
  async request(
    as: string,
    method: string,
    url: string,
    body?: unknown,
    timeoutMs = 10_000,
  ): Promise<{ status: number; body: any; text: string; ms: number }> {
    const headers: Record<string, string> = {};
    if (as.startsWith('token:'))
      headers.Authorization = `Bearer ${as.slice(6)}`;
    else if (as !== 'anonymous')
      headers.Authorization = `Bearer ${await this.token(as)}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      body:
        body === undefined
          ? undefined
          : typeof body === 'string'
          ? body
          : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, ms };
  }

  get(as: string, url: string, timeoutMs?: number) {
    return this.request(as, 'GET', url, undefined, timeoutMs);
  }

  post(as: string, url: string, body?: unknown) {
    return this.request(as, 'POST', url, body ?? {});
  }
}
