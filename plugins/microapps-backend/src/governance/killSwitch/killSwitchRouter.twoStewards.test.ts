import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  appWith,
  exampleApp,
  guardFor,
  loaderOf,
  recordingAuditor,
} from '../../__testUtils__/routerTestKit';
import { verifyAuditLog } from '../../audit/verifyAuditLog';
import { createAppOf } from '../../registry/appOf';
import type { GovernedApp } from '../../registry/governedApp';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { KillSwitches, type KillSwitchesOptions } from './KillSwitches';
import { createKillSwitchRouter } from './killSwitchRouter';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Declares internal and confidential data. */
const CONFIDENTIAL = exampleApp('finance-ops.yaml', 'invoice-field-extractor');
/** Declares internal data only. */
const INTERNAL = exampleApp('finance-ops.yaml', 'expense-report-auditor');
const POLICY = 'pii-burst-on-sensitive-data';
const ADA = 'user:default/ada';
const NORA = 'user:default/nora';
const SAM = 'user:default/sam';
const OWNER = 'user:default/alice';

const urlOf = (app: GovernedApp) =>
  `/apps/default/${app.entity.metadata.name}/kill-switch`;

describe.each(databases.eachSupportedId())(
  'releasing a kill switch with two stewards (%s)',
  databaseId => {
    /** The kill-switch router on one store, as each of several people. */
    async function portal() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      const requested: string[] = [];
      const released: Array<{ releasedBy: string; requestedBy?: string }> = [];
      const callbacks: Partial<KillSwitchesOptions> = {
        onReleaseRequested: (_app, requestedBy) => requested.push(requestedBy),
        onReleased: (_app, release) => released.push(release),
      };
      const as = (user: string) => {
        const isOwner = user === OWNER;
        const killSwitches = new KillSwitches({
          store,
          guard: guardFor({
            result: AuthorizeResult.ALLOW,
            user,
            groups: isOwner ? [CONFIDENTIAL.owner] : ['group:default/stewards'],
          }),
          stewards: {
            security: isOwner ? [] : ['group:default/stewards'],
            compliance: [],
            executive: [],
            platform: [],
          },
          killSwitchStewardRoles: ['security'],
          ...callbacks,
        });
        const app = appWith(
          createKillSwitchRouter({
            auditor: recordingAuditor(),
            killSwitches,
            appOf: createAppOf(
              mockServices.httpAuth({
                defaultCredentials: mockCredentials.none(),
              }),
              loaderOf(CONFIDENTIAL, INTERNAL),
            ),
          }),
        );
        const auth = { Authorization: mockCredentials.user.header(user) };
        return {
          get: (target: GovernedApp) =>
            request(app).get(urlOf(target)).set(auth),
          set: (target: GovernedApp, enabled: boolean, reason: string) =>
            request(app)
              .post(urlOf(target))
              .set(auth)
              .send({ enabled, reason }),
        };
      };
      /** Engages the switch the way the policy engine does. */
      const engageByPolicy = (target: GovernedApp) =>
        store.setKillSwitch(
          {
            entityRef: target.entityRef,
            enabled: true,
            reason: 'Personal data in 12 prompts within 10 minutes',
            updatedBy: `policy:${POLICY}`,
            updatedAt: new Date().toISOString(),
            engagedByRole: 'policy',
          },
          {
            occurredAt: new Date().toISOString(),
            actor: `policy:${POLICY}`,
            action: 'killswitch.enabled',
            entityRef: target.entityRef,
            digest: target.digest,
            comment: 'Personal data in 12 prompts within 10 minutes',
          },
        );
      return { store, as, engageByPolicy, requested, released };
    }

    it('takes a request from the first steward and the release from a second one, both in the chain', async () => {
      const { store, as, engageByPolicy, requested, released } = await portal();
      await engageByPolicy(CONFIDENTIAL);
      const read = await as(ADA).get(CONFIDENTIAL).expect(200);
      expect(read.body).toMatchObject({
        enabled: true,
        engagedByRole: 'policy',
        releaseNeedsTwoStewards: true,
      });
      expect(read.body.releaseRequest).toBeUndefined();

      const first = await as(ADA)
        .set(CONFIDENTIAL, false, 'False positive: test data')
        .expect(202);
      expect(first.body).toMatchObject({
        enabled: true,
        releaseNeedsTwoStewards: true,
        releaseRequest: {
          requestedBy: ADA,
          requestedAt: expect.any(String),
          reason: 'False positive: test data',
        },
      });
      expect((await as(NORA).get(CONFIDENTIAL)).body.releaseRequest).toEqual(
        first.body.releaseRequest,
      );

      const again = await as(ADA)
        .set(CONFIDENTIAL, false, 'Please')
        .expect(409);
      expect(again.body.error.message).toBe(
        `You asked to release the kill switch of ${CONFIDENTIAL.entityRef} already; a second steward must confirm it`,
      );
      expect((await as(ADA).get(CONFIDENTIAL)).body.enabled).toBe(true);

      const second = await as(NORA)
        .set(CONFIDENTIAL, false, 'Confirmed: test data only')
        .expect(200);
      expect(second.body).toMatchObject({
        enabled: false,
        updatedBy: NORA,
        reason: 'Confirmed: test data only',
      });
      expect(second.body.releaseRequest).toBeUndefined();

      const entries = await store.listAudit({ limit: 10 });
      expect(entries.map(e => [e.action, e.actor, e.comment])).toEqual([
        ['killswitch.disabled', NORA, 'Confirmed: test data only'],
        ['killswitch.release-requested', ADA, 'False positive: test data'],
        [
          'killswitch.enabled',
          `policy:${POLICY}`,
          'Personal data in 12 prompts within 10 minutes',
        ],
      ]);
      expect(entries[0].details).toMatchObject({
        releaseRequestedBy: ADA,
        releaseRequestedAt: first.body.releaseRequest.requestedAt,
      });
      expect(await verifyAuditLog(store)).toMatchObject({
        valid: true,
        entries: 3,
      });
      expect(requested).toEqual([ADA]);
      expect(released).toEqual([{ releasedBy: NORA, requestedBy: ADA }]);
    });

    it('lets one steward release a policy switch on an app with internal data only', async () => {
      const { as, engageByPolicy, released } = await portal();
      await engageByPolicy(INTERNAL);
      const read = await as(ADA).get(INTERNAL).expect(200);
      expect(read.body.releaseNeedsTwoStewards).toBeUndefined();
      const off = await as(ADA)
        .set(INTERNAL, false, 'False positive')
        .expect(200);
      expect(off.body.enabled).toBe(false);
      expect(released).toEqual([{ releasedBy: ADA }]);
    });

    it('keeps a single-step release for a switch a steward or the owners engaged, on confidential data too', async () => {
      const { as } = await portal();
      await as(SAM).set(CONFIDENTIAL, true, 'Prompt leak').expect(200);
      expect(
        (await as(ADA).get(CONFIDENTIAL)).body.releaseNeedsTwoStewards,
      ).toBeUndefined();
      await as(ADA).set(CONFIDENTIAL, false, 'Leak fixed').expect(200);

      await as(OWNER).set(CONFIDENTIAL, true, 'We stop it').expect(200);
      const off = await as(OWNER).set(CONFIDENTIAL, false, 'Fixed').expect(200);
      expect(off.body.enabled).toBe(false);
    });

    it('voids a request when the switch is engaged again, so the next release is a first key again', async () => {
      const { as, engageByPolicy, store } = await portal();
      await engageByPolicy(CONFIDENTIAL);
      await as(ADA).set(CONFIDENTIAL, false, 'False positive').expect(202);
      await engageByPolicy(CONFIDENTIAL);
      const read = await as(NORA).get(CONFIDENTIAL).expect(200);
      expect(read.body.enabled).toBe(true);
      expect(read.body.releaseRequest).toBeUndefined();
      // Nora's release is now the first key, not the second.
      const first = await as(NORA)
        .set(CONFIDENTIAL, false, 'Looked again')
        .expect(202);
      expect(first.body.releaseRequest.requestedBy).toBe(NORA);
      await as(ADA).set(CONFIDENTIAL, false, 'Agreed').expect(200);
      expect((await store.listAudit({ limit: 1 }))[0].details).toMatchObject({
        releaseRequestedBy: NORA,
      });
    });

    it('releases once when two stewards confirm at the same time', async () => {
      const { as, engageByPolicy, store, released } = await portal();
      await engageByPolicy(CONFIDENTIAL);
      await as(ADA).set(CONFIDENTIAL, false, 'False positive').expect(202);
      const answers = await Promise.all([
        as(NORA).set(CONFIDENTIAL, false, 'Confirmed by Nora'),
        as(SAM).set(CONFIDENTIAL, false, 'Confirmed by Sam'),
      ]);
      expect(answers.map(res => res.status).sort()).toEqual([200, 409]);
      const releases = (await store.listAudit({ limit: 10 })).filter(
        e => e.action === 'killswitch.disabled',
      );
      expect(releases).toHaveLength(1);
      expect(released).toHaveLength(1);
      expect(await verifyAuditLog(store)).toMatchObject({ valid: true });
    });
  },
);
