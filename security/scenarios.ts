/*
 * One scenario per finding of the security review: each does what the
 * attacker did and checks that it no longer works. docs/SECURITY.md maps
 * every threat to its scenario.
 */
import type { Report } from '../system/backends';
import { fuzzRoutes } from './fuzz';
import {
  type Api,
  FINANCE_APP,
  INGEST_TOKEN,
  MISDECLARED_APP,
  misdeclaredApp,
  SERVICE_TOKEN,
} from './portal';

export interface SecurityScenario {
  name: string;
  run(api: Api, report: Report): Promise<void>;
}

const app = (name: string) => `/api/microapps/apps/default/${name}`;
/** High-tier apps of teams maya (security and compliance steward) is not in. */
const RACE_APPS = [
  'resume-screener',
  'customer-reply-assistant',
  'event-lead-enricher',
  'account-brief-generator',
];

const hangingRequests: SecurityScenario = {
  name: '1. dates far outside the calendar are refused at once, and the backend keeps answering',
  async run(api, report) {
    for (const url of [
      '/api/microapps/costs?from=9999-12-01&to=9999-12-31',
      '/api/microapps/costs/chargeback.csv?month=9999-12',
      '/api/microapps/costs?from=0000-01-01&to=0000-01-31',
      '/api/microapps/violations?from=9999-12-01&to=9999-12-31',
      `${app(FINANCE_APP)}/costs?from=0000-01-01&to=0000-01-31`,
    ]) {
      const res = await api.get('alice', url, 5_000);
      report.check(
        res.status === 400 && res.ms < 2_000,
        `${url} → 400 within 2 s`,
        `${res.status} in ${res.ms.toFixed(0)} ms: ${res.body?.error?.message}`,
      );
    }
    const health = await api.get('anonymous', '/api/microapps/health');
    report.check(
      health.status === 200,
      '/health still answers',
      `${health.ms.toFixed(0)} ms`,
    );
  },
};

const fuzz: SecurityScenario = {
  name: '1. every route answers fuzzed dates, numbers and unicode with 2xx or 4xx within 2 s; /health stays under 100 ms (p99)',
  run: fuzzRoutes,
};

const killSwitch: SecurityScenario = {
  name: '2. the owners cannot release a kill switch a steward engaged',
  async run(api, report) {
    const url = `${app(FINANCE_APP)}/kill-switch`;
    const on = await api.post('nora', url, {
      enabled: true,
      reason: 'Security incident: prompt leak',
    });
    report.check(
      on.status === 200 && on.body.releasableBy === 'stewards',
      'a security steward engages it',
      `${on.status} ${JSON.stringify(on.body)}`,
    );
    const byOwner = await api.post('alice', url, {
      enabled: false,
      reason: 'We think it is fixed',
    });
    report.check(
      byOwner.status === 403,
      'a member of the owning team may not release it (403)',
      `${byOwner.status}: ${byOwner.body?.error?.message}`,
    );
    const gate = await api.get(
      'alice',
      `${app(FINANCE_APP)}/gate?stage=canary`,
    );
    report.check(gate.body?.allowed === false, 'the gate stays closed');
    const bySteward = await api.post('sam', url, {
      enabled: false,
      reason: 'Incident closed',
    });
    report.check(bySteward.status === 200, 'a platform steward releases it');
  },
};

const grantRace: SecurityScenario = {
  name: '3. one steward sending two grants of a high-tier app at once keeps one',
  async run(api, report) {
    for (const name of RACE_APPS) {
      const grant = (badge: string) =>
        api.post('maya', `${app(name)}/badges/${badge}/grant`, {
          comment: 'Reviewed in a hurry',
        });
      const results = await Promise.all([
        grant('security-review'),
        grant('compliance-review'),
      ]);
      const statuses = results.map(r => r.status).sort();
      report.check(
        statuses[0] === 200 && statuses[1] === 403,
        `${name}: exactly one of the two grants succeeds`,
        statuses.join(', '),
      );
    }
  },
};

/** Comments and reasons with every kind of text a client may send. */
const EDGE_TEXTS = [
  'lone high surrogate \ud83d',
  'lone low surrogate \ude00',
  'reversed pair \ude00\ud83d',
  'emoji 😀 flags 🇩🇪 ZWJ 👩‍💻',
  'RTL \u202e override and \u200f marks',
  'combining e\u0301 and precomposed \u00e9',
  'tabs\tand\nline breaks',
  '\ufeffbyte order mark',
  'noncharacters \uffff\ufffe',
  `${'x'.repeat(3990)}end`,
];

const auditText: SecurityScenario = {
  name: '4. comments with any unicode keep /audit/verify valid; a NUL is a 400',
  async run(api, report) {
    const url = `${app('interview-notes-cleanup')}/badges/security-review`;
    for (const text of EDGE_TEXTS) {
      const granted = await api.post('nora', `${url}/grant`, { comment: text });
      const revoked = await api.post('nora', `${url}/revoke`, {
        comment: text,
      });
      report.check(
        granted.status === 200 && revoked.status === 200,
        `grant and revoke with ${JSON.stringify(text.slice(0, 30))}`,
        `${granted.status}, ${revoked.status}`,
      );
    }
    const kill = `${app('interview-notes-cleanup')}/kill-switch`;
    await api.post('sam', kill, { enabled: true, reason: EDGE_TEXTS[0] });
    await api.post('sam', kill, { enabled: false, reason: EDGE_TEXTS[1] });
    const nul = await api.post('nora', `${url}/grant`, { comment: 'a\u0000b' });
    report.check(
      nul.status === 400 && /comment/.test(nul.body?.error?.message ?? ''),
      'a NUL in a comment is a 400 naming the field',
      `${nul.status}: ${nul.body?.error?.message}`,
    );
    const verify = await api.get('sam', '/api/microapps/audit/verify');
    report.check(
      verify.body?.valid === true,
      '/audit/verify is valid',
      JSON.stringify(verify.body),
    );
  },
};

const reads: SecurityScenario = {
  name: '5. the ingest credential sends traces and reads nothing; reads need a token',
  async run(api, report) {
    const ingest = `token:${INGEST_TOKEN}`;
    const traces = await api.post(ingest, '/api/microapps/v1/traces', {
      resourceSpans: [],
    });
    report.check(
      traces.status === 200,
      'it may send traces',
      `${traces.status}`,
    );
    for (const url of [
      '/api/microapps/models',
      '/api/microapps/apps',
      app(FINANCE_APP),
      `${app(FINANCE_APP)}/gate?stage=production`,
      `${app(FINANCE_APP)}/kill-switch`,
      `${app(FINANCE_APP)}/badge-urls`,
      `${app(FINANCE_APP)}/costs`,
      `${app(FINANCE_APP)}/violations`,
      '/api/microapps/costs?groupBy=team',
      '/api/microapps/costs/chargeback.csv',
      '/api/microapps/violations',
      '/api/microapps/reviews',
      '/api/microapps/audit',
      '/api/microapps/audit/export',
    ]) {
      const res = await api.get(ingest, url);
      report.check(
        res.status === 403,
        `ingest credential: GET ${url} → 403`,
        `${res.status}`,
      );
      const anonymous = await api.get('anonymous', url);
      report.check(
        anonymous.status === 401,
        `anonymous: GET ${url} → 401`,
        `${anonymous.status}`,
      );
    }
    const service = await api.get(
      `token:${SERVICE_TOKEN}`,
      '/api/microapps/costs',
    );
    report.check(
      service.status === 200,
      'an unrestricted service token still reads',
    );
  },
};

const transitiveOwners: SecurityScenario = {
  name: '6. a steward in a sub-team of the owning group may not grant its badges',
  async run(api, report) {
    const res = await api.post(
      'pat',
      `${app(FINANCE_APP)}/badges/security-review/grant`,
      {
        comment: 'Looks fine to me',
      },
    );
    report.check(
      res.status === 403 &&
        /Separation of duties/.test(res.body?.error?.message ?? ''),
      'pat (finance-payables, a child of finance-ops) is refused',
      `${res.status}: ${res.body?.error?.message}`,
    );
  },
};

const connectorExposure: SecurityScenario = {
  name: '7. a connector declared less exposed than the catalog says is refused and never scored lower',
  async run(api, report) {
    const validated = await api.post('alice', '/api/catalog/validate-entity', {
      entity: misdeclaredApp(),
      location: 'url:https://example.com/quiet-crm-exporter.yaml',
    });
    const message = JSON.stringify(validated.body ?? validated.text);
    report.check(
      validated.status === 400 &&
        message.includes('spec.connectors[0].exposure'),
      'the catalog refuses it with an error naming spec.connectors[0].exposure',
      `${validated.status}: ${message.slice(0, 300)}`,
    );
    const served = await api.get('alice', app(MISDECLARED_APP));
    const exposure = served.body?.risk?.factors?.find(
      (f: any) => f.factor === 'integrationExposure',
    );
    report.check(
      served.status === 404 || exposure?.points === 15,
      'the API does not serve it with the declared (internal) exposure',
      served.status === 404
        ? 'not served'
        : `${exposure?.points} points: ${exposure?.reason}`,
    );
  },
};

const smallerPoints: SecurityScenario = {
  name: '8. public badge addresses: reading never creates them; owners and stewards rotate and revoke them, audited',
  async run(api, report) {
    const url = `${app('contract-clause-extractor')}/badge-urls`;
    for (let i = 0; i < 3; i++) await api.get('uma', url);
    report.check(
      (await api.get('uma', url)).body?.enabled === false,
      'GET leaves the app without public addresses',
    );
    report.check(
      (await api.post('uma', url)).status === 403,
      'a plain user may not create them',
    );
    const created = await api.post('kiran', url);
    const overall = new URL(created.body.overall).pathname;
    report.check(
      (await api.get('anonymous', overall)).status === 200,
      'the owners create them; anyone with the address sees the badge',
    );
    await api.post('sam', url);
    report.check(
      (await api.get('anonymous', overall)).status === 404,
      'a steward rotates them: the old address stops working',
    );
    const deleted = await api.request('kiran', 'DELETE', url);
    report.check(deleted.status === 204, 'the owners revoke them');
    const audit = await api.get(
      'sam',
      `/api/microapps/audit?entityRef=${encodeURIComponent(
        'microapp:default/contract-clause-extractor',
      )}&limit=3`,
    );
    report.check(
      audit.body?.items?.map((e: any) => e.action).join(',') ===
        'public-badges.revoked,public-badges.rotated,public-badges.created',
      'every change is in the audit log',
      audit.body?.items?.map((e: any) => e.action).join(','),
    );
  },
};

export const SCENARIOS: SecurityScenario[] = [
  hangingRequests,
  fuzz,
  killSwitch,
  grantRace,
  auditText,
  reads,
  transitiveOwners,
  connectorExposure,
  smallerPoints,
];
