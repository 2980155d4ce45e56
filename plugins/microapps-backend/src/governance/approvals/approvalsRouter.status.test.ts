import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  type MicroAppDetail,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE_MICROAPPS_CONFIG } from '../../__testUtils__/startTestPortal';
import {
  appWith,
  exampleEntities,
  guardFor,
  loaderOf,
  recordingAuditor,
} from '../../__testUtils__/routerTestKit';
import { createAppOf } from '../../registry/appOf';
import { governedApp } from '../../registry/governedApp';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { KillSwitches } from '../killSwitch/KillSwitches';
import type { GovernanceNotifier } from '../notifications/GovernanceNotifier';
import { Approvals } from './Approvals';
import { createApprovalsRouter } from './approvalsRouter';

/*
 * The one status (common's appStatus) on an app's detail and in its gate
 * answer, and the gate refusing an app whose kill switch is on or that
 * declares a prohibited model.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const models = parseModelCatalog(
  parseYaml(fs.readFileSync(EXAMPLE_MICROAPPS_CONFIG, 'utf8')).models,
);
const invoice = exampleEntities('finance-ops.yaml').find(
  e => e.metadata.name === 'invoice-field-extractor',
)!;
const scoring = { models, riskMatrix: DEFAULT_RISK_MATRIX };
const APP = governedApp(invoice, scoring);
const SHADOW = governedApp(
  {
    ...invoice,
    metadata: { ...invoice.metadata, name: 'shadow-extractor' },
    spec: { ...invoice.spec, models: ['azure-gpt-4.1-mini', 'deepseek-chat'] },
  },
  scoring,
);
const BASE = '/apps/default/invoice-field-extractor';
const SHADOW_BASE = '/apps/default/shadow-extractor';
const asUser = { Authorization: mockCredentials.user.header() };

async function statusApp() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const guard = guardFor({
    result: AuthorizeResult.ALLOW,
    user: 'user:default/nora-security',
  });
  const killSwitches = new KillSwitches({
    store,
    guard,
    stewards: { security: [], compliance: [], executive: [], platform: [] },
    killSwitchStewardRoles: ['security'],
  });
  const approvals = new Approvals({
    store,
    guard,
    killSwitches,
    approvalTtlDays: 90,
    notifier: {
      badgeChanged: jest.fn(async () => undefined),
    } as unknown as GovernanceNotifier,
  });
  const app = appWith(
    createApprovalsRouter({
      auditor: recordingAuditor(),
      approvals,
      appOf: createAppOf(
        mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        loaderOf(APP, SHADOW),
      ),
      usageOf: async () => undefined,
    }),
  );
  const kill = () =>
    killSwitches.set(
      APP,
      { enabled: true, reason: 'Leaks invoices' },
      mockCredentials.user('user:default/nora-security'),
    );
  return { app, kill };
}

describe('approvals router: the app status', () => {
  it('answers the detail and the gate with one status: overdue, approved once signed off, disabled by the switch', async () => {
    const { app, kill } = await statusApp();
    const detail = async (): Promise<MicroAppDetail> =>
      (await request(app).get(BASE).set(asUser).expect(200)).body;

    const before = await detail();
    expect(before.lifecycle).toBe('production');
    expect(before.status).toEqual({
      id: 'overdue',
      label: 'Running without required approvals',
      severity: 'warning',
      stage: 'production',
      requiredBadges: before.requiredBadges.production,
      missingBadges: before.requiredBadges.production,
    });
    expect(before.gates.production.status).toEqual(before.status);

    for (const badge of before.requiredBadges.production) {
      await request(app)
        .post(`${BASE}/badges/${badge}/grant`)
        .set(asUser)
        .send({ comment: 'Reviewed' })
        .expect(200);
    }
    const approved = await detail();
    expect(approved.status).toMatchObject({
      id: 'approved',
      label: 'Approved for production',
      severity: 'ok',
      missingBadges: [],
    });
    const open = await request(app)
      .get(`${BASE}/gate?stage=production`)
      .set(asUser)
      .expect(200);
    expect(open.body).toMatchObject({
      allowed: true,
      reasons: [],
      status: { id: 'approved' },
    });

    await kill();
    expect((await detail()).status).toMatchObject({
      id: 'disabled',
      label: 'Disabled (kill switch)',
      severity: 'error',
      missingBadges: [],
    });
    const shut = await request(app)
      .get(`${BASE}/gate?stage=production`)
      .set(asUser)
      .expect(200);
    expect(shut.body).toMatchObject({
      allowed: false,
      missing: [],
      reasons: ['The kill switch is on: Leaks invoices'],
      status: { id: 'disabled', label: 'Disabled (kill switch)' },
    });
  });

  it('refuses an app declaring a prohibited model at every gate, naming the model', async () => {
    const { app } = await statusApp();
    const detail = await request(app).get(SHADOW_BASE).set(asUser).expect(200);
    expect(detail.body.status).toMatchObject({
      id: 'not-allowed',
      label: 'Uses a prohibited model',
      severity: 'error',
      prohibitedModels: ['deepseek-chat'],
    });
    for (const stage of ['canary', 'production']) {
      const gate = await request(app)
        .get(`${SHADOW_BASE}/gate?stage=${stage}`)
        .set(asUser)
        .expect(200);
      expect(gate.body.allowed).toBe(false);
      expect(gate.body.status.id).toBe('not-allowed');
      expect(gate.body.reasons).toContain(
        `The model deepseek-chat is prohibited by the model catalog; the app must stop declaring it before ${stage}`,
      );
    }
  });
});
