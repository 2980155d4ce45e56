import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  type MarketplaceItem,
  type MicroAppEntity,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE_MICROAPPS_CONFIG } from '../__testUtils__/startTestPortal';
import {
  appWith,
  exampleEntities,
  permissionRuleset,
} from '../__testUtils__/routerTestKit';
import { DatabaseGovernanceStore } from '../governance/DatabaseGovernanceStore';
import { AppReadAccess } from '../registry/AppReadAccess';
import { AppRegistry } from '../registry/AppRegistry';
import { DatabaseAppRecordStore } from '../registry/DatabaseAppRecordStore';
import { MarketplaceIndex } from './MarketplaceIndex';
import { createMarketplaceRouter } from './marketplaceRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const models = parseModelCatalog(
  parseYaml(fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8')).models,
);
const entities = [
  ...exampleEntities('finance-ops.yaml'),
  ...exampleEntities('legal-ops.yaml'),
];

/** The marketplace router over a registry of two teams' example apps (and `more`). */
async function marketplaceApp(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  options: {
    more?: MicroAppEntity[];
    killedApps?: () => Promise<ReadonlySet<string>>;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const governance = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const permissions = mockServices.permissions({ result });
  const catalog = catalogServiceMock({
    entities: [...entities, ...(options.more ?? [])],
  });
  const registry = new AppRegistry({
    catalog,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    appRecords: new DatabaseAppRecordStore(knex),
    models,
    riskMatrix: DEFAULT_RISK_MATRIX,
  });
  return appWith(
    createMarketplaceRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      access: new AppReadAccess({
        permissions,
        catalog,
        ruleset: permissionRuleset,
      }),
      marketplace: new MarketplaceIndex({
        registry,
        approvals: governance,
        killedApps: options.killedApps,
      }),
      models,
      riskMatrix: DEFAULT_RISK_MATRIX,
      connectorExposures: () => registry.connectorExposures(),
    }),
  );
}

const asUser = { Authorization: mockCredentials.user.header() };
const EVERY_STAGE = 'lifecycle=draft,sandbox,canary,production,decommissioned';
const hidden = (e: MicroAppEntity) =>
  e.spec.lifecycle === 'draft' || e.spec.lifecycle === 'decommissioned';
const shown = entities.filter(e => !hidden(e));
const names = (body: { items: Array<{ name: string }> }) =>
  body.items.map(item => item.name);

describe('marketplace router', () => {
  it('lists the registered apps to a reader, a page at a time with the total', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    await request(app).get('/apps').expect(401);
    const all = await request(app)
      .get('/apps?limit=500')
      .set(asUser)
      .expect(200);
    expect(all.body.totalItems).toBe(shown.length);
    expect(names(all.body)).toEqual(
      shown.map(e => e.metadata.name).sort((a, b) => a.localeCompare(b)),
    );
    const page = await request(app)
      .get('/apps?limit=2&offset=2')
      .set(asUser)
      .expect(200);
    expect(page.body.totalItems).toBe(shown.length);
    expect(names(page.body)).toEqual(names(all.body).slice(2, 4));
  });

  it('filters by owner and lifecycle, and finds an app by words of its description', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    const finance = await request(app)
      .get('/apps?owner=finance-ops&limit=500')
      .set(asUser)
      .expect(200);
    expect(finance.body.totalItems).toBe(
      exampleEntities('finance-ops.yaml').filter(e => !hidden(e)).length,
    );
    const production = await request(app)
      .get('/apps?lifecycle=production&limit=500')
      .set(asUser)
      .expect(200);
    expect(
      production.body.items.every(
        (item: { lifecycle: string }) => item.lifecycle === 'production',
      ),
    ).toBe(true);
    const invoice = await request(app)
      .get('/apps?q=invoice')
      .set(asUser)
      .expect(200);
    expect(names(invoice.body)).toContain('invoice-field-extractor');
  });

  it('names the parameter a bad query gets wrong and what is allowed', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    const tier = await request(app)
      .get('/apps?tier=extreme')
      .set(asUser)
      .expect(400);
    expect(tier.body.error.message).toContain('tier');
    expect(tier.body.error.message).toContain('low');
    const limit = await request(app)
      .get('/apps?limit=0')
      .set(asUser)
      .expect(400);
    expect(limit.body.error.message).toContain('limit');
    const sort = await request(app)
      .get('/apps?sort=popularity')
      .set(asUser)
      .expect(400);
    expect(sort.body.error.message).toContain('sort');
    expect(sort.body.error.message).toContain('relevance');
    const lifecycle = await request(app)
      .get('/apps?lifecycle=retired')
      .set(asUser)
      .expect(400);
    expect(lifecycle.body.error.message).toContain('lifecycle');
    expect(lifecycle.body.error.message).toContain('decommissioned');
  });

  it('leaves out drafts and decommissioned apps unless the lifecycle filter names them, and says how many', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    const { body } = await request(app)
      .get('/apps?limit=500')
      .set(asUser)
      .expect(200);
    expect(body.hiddenItems).toBe(entities.length - shown.length);
    expect(names(body)).not.toContain('litigation-hold-assistant');
    const drafts = await request(app)
      .get('/apps?lifecycle=draft')
      .set(asUser)
      .expect(200);
    expect(names(drafts.body)).toContain('litigation-hold-assistant');
    expect(drafts.body.hiddenItems).toBe(0);
    const every = await request(app)
      .get(`/apps?limit=500&${EVERY_STAGE}`)
      .set(asUser)
      .expect(200);
    expect(every.body.totalItems).toBe(entities.length);
    expect(every.body.facets.owners).toEqual([
      'group:default/finance-ops',
      'group:default/legal-ops',
    ]);
  });

  it('ranks by relevance when searching, unless another sort is asked for', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    const ranked = await request(app)
      .get('/apps?q=invoices%20for%20the%20finance%20team')
      .set(asUser)
      .expect(200);
    expect(names(ranked.body)[0]).toBe('invoice-field-extractor');
    const byName = await request(app)
      .get('/apps?q=finance&sort=name&limit=500')
      .set(asUser)
      .expect(200);
    expect(names(byName.body)).toEqual(
      [...names(byName.body)].sort((a, b) => a.localeCompare(b)),
    );
    expect(byName.body.totalItems).toBeGreaterThan(1);
  });

  it('scores a what-if manifest with the model catalog, and names a missing answer', async () => {
    const app = await marketplaceApp(AuthorizeResult.ALLOW);
    const spec = {
      reach: 'team',
      data: { classifications: ['internal'], pii: 'none' },
      models: [models[0].id],
      dependencies: { risk: 'minimal' },
    };
    const scored = await request(app)
      .post('/risk/evaluate')
      .set(asUser)
      .send({ spec })
      .expect(200);
    expect(scored.body.tier).toMatch(/^(low|medium|high)$/);
    expect(scored.body.factors.length).toBeGreaterThan(0);
    const bad = await request(app)
      .post('/risk/evaluate')
      .set(asUser)
      .send({ spec: { ...spec, data: { classifications: [], pii: 'none' } } })
      .expect(400);
    expect(bad.body.error.message).toContain(
      'must list at least one data class',
    );
    const listed = await request(app).get('/models').set(asUser).expect(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual(
      models.map(m => m.id),
    );
  });

  it('answers 403 to a caller the policy refuses, and tells nothing about any app', async () => {
    const app = await marketplaceApp(AuthorizeResult.DENY);
    const res = await request(app).get('/apps').set(asUser).expect(403);
    expect(res.body.error.message).toBe(
      'You may not read MicroApps (permission microapps.app.read)',
    );
    await request(app).get('/models').set(asUser).expect(403);
  });

  it('gives every row the one status of common: overdue, in review, draft, decommissioned, disabled, not allowed', async () => {
    const killed = new Set<string>();
    const [invoice] = exampleEntities('finance-ops.yaml');
    const prohibited: MicroAppEntity = {
      ...invoice,
      metadata: { ...invoice.metadata, name: 'shadow-extractor' },
      spec: {
        ...invoice.spec,
        models: ['azure-gpt-4.1-mini', 'deepseek-chat'],
      },
    };
    const app = await marketplaceApp(AuthorizeResult.ALLOW, {
      more: [prohibited],
      killedApps: async () => killed,
    });
    const statuses = async () => {
      const { body } = await request(app)
        .get(`/apps?limit=500&${EVERY_STAGE}`)
        .set(asUser)
        .expect(200);
      return new Map(
        (body.items as MarketplaceItem[]).map(item => [item.name, item.status]),
      );
    };

    const before = await statuses();
    // A production app without any approval runs without them.
    expect(before.get('invoice-field-extractor')).toMatchObject({
      id: 'overdue',
      label: 'Running without required approvals',
      severity: 'warning',
      stage: 'production',
    });
    const overdue = before.get('invoice-field-extractor')!;
    expect(overdue.missingBadges).toEqual(overdue.requiredBadges);
    expect(overdue.requiredBadges).toContain('production-readiness');
    expect(before.get('litigation-hold-assistant')).toMatchObject({
      id: 'draft',
      label: 'Draft',
    });
    expect(before.get('fx-rate-digest')).toMatchObject({
      id: 'decommissioned',
      requiredBadges: [],
    });
    expect(before.get('dsar-response-automation')?.id).toMatch(
      /^(in-review|approved)$/,
    );
    expect(before.get('shadow-extractor')).toMatchObject({
      id: 'not-allowed',
      label: 'Uses a prohibited model',
      severity: 'error',
      prohibitedModels: ['deepseek-chat'],
    });

    killed.add('microapp:default/invoice-field-extractor');
    const after = await statuses();
    expect(after.get('invoice-field-extractor')).toMatchObject({
      id: 'disabled',
      label: 'Disabled (kill switch)',
      severity: 'error',
      missingBadges: overdue.missingBadges,
    });
    expect(after.get('nda-triage')).toEqual(before.get('nda-triage'));
  });
});
