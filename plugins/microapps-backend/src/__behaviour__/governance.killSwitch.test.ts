/*
 * Governance end to end on a portal of real parts (see
 * governance.grants.test.ts): the kill switch of an app, who may engage it,
 * and who may release it depending on who engaged it; a policy's switch on
 * confidential or regulated data takes two stewards to release.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { exampleApps } from '../__testUtils__/exampleCatalogPortal';
import {
  appUrl,
  financeApp,
  financeRef,
  governancePortal,
} from '../__testUtils__/governancePortal';
import { DatabaseGovernanceStore } from '../governance/DatabaseGovernanceStore';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'governance on a signed-in portal (%s)',
  databaseId => {
    const portal = governancePortal(databases, databaseId);
    const { as } = portal;

    beforeAll(() => portal.start());

    afterAll(() => portal.stop());

    describe('kill switch', () => {
      const financeUrl = () => `${appUrl(financeApp)}/kill-switch`;

      it('lets the owning team and platform stewards engage it, and nobody else', async () => {
        expect(
          (await as('uma').post(financeUrl(), { enabled: true, reason: 'x' }))
            .status,
        ).toBe(403);
        expect(
          (await as('carol').post(financeUrl(), { enabled: true, reason: 'x' }))
            .status,
        ).toBe(403);
        expect(
          (await as('alice').post(financeUrl(), { enabled: true })).status,
        ).toBe(400);
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: 'yes',
              reason: 'x',
            })
          ).status,
        ).toBe(400);
        const on = await as('alice').post(financeUrl(), {
          enabled: true,
          reason: 'Leaking invoice numbers',
        });
        expect(on.status).toBe(200);
        expect(on.body).toMatchObject({
          enabled: true,
          reason: 'Leaking invoice numbers',
          updatedBy: 'user:default/alice',
          engagedByRole: 'owner',
          releasableBy: 'owners-or-stewards',
        });
        const read = await as('uma').get(financeUrl());
        expect(read.body.enabled).toBe(true);
        const gate = await as('uma').get(
          `${appUrl(financeApp)}/gate?stage=canary`,
        );
        expect(gate.body.reasons).toContain(
          'The kill switch is on: Leaking invoice numbers',
        );
        // The team may release what the team engaged.
        const off = await as('alice').post(financeUrl(), {
          enabled: false,
          reason: 'Fixed in 2.1.1',
        });
        expect(off.status).toBe(200);
        expect(off.body.enabled).toBe(false);
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: false,
              reason: 'x',
            })
          ).status,
        ).toBe(409);
      });

      it('keeps a switch a steward engaged on until a steward releases it, whatever the owners do', async () => {
        const on = await as('nora').post(financeUrl(), {
          enabled: true,
          reason: 'Incident 4711: prompt leak',
        });
        expect(on.body).toMatchObject({
          enabled: true,
          engagedByRole: 'steward',
          releasableBy: 'stewards',
          releaseStewardRoles: ['security', 'platform'],
        });
        const ownerOff = await as('alice').post(financeUrl(), {
          enabled: false,
          reason: 'We fixed it',
        });
        expect(ownerOff.status).toBe(403);
        expect(ownerOff.body.error.message).toBe(
          `You may not turn off the kill switch of ${financeRef}: a steward turned it on, so only the security or platform stewards may turn it off`,
        );
        // Engaging again as the owners does not weaken the steward's hold.
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: true,
              reason: 'Also stopping it',
            })
          ).body.releasableBy,
        ).toBe('stewards');
        expect(
          (
            await as('alice').post(financeUrl(), {
              enabled: false,
              reason: 'We fixed it',
            })
          ).status,
        ).toBe(403);
        expect((await as('uma').get(financeUrl())).body.enabled).toBe(true);
        const gate = await as('uma').get(
          `${appUrl(financeApp)}/gate?stage=canary`,
        );
        expect(gate.body.allowed).toBe(false);

        const off = await as('sam').post(financeUrl(), {
          enabled: false,
          reason: 'Incident 4711 closed',
        });
        expect(off.status).toBe(200);
        expect(off.body).toEqual({
          entityRef: financeRef,
          enabled: false,
          reason: 'Incident 4711 closed',
          updatedBy: 'user:default/sam',
          updatedAt: expect.any(String),
        });
      });

      it("needs two different stewards to release a policy's switch on regulated data", async () => {
        const payroll = exampleApps.find(
          a => a.metadata.name === 'payroll-anomaly-detector',
        )!;
        const ref = `microapp:default/${payroll.metadata.name}`;
        const url = `${appUrl(payroll)}/kill-switch`;
        // Engaged the way the policy engine does.
        const store = new DatabaseGovernanceStore(
          portal.knexByPlugin.get('microapps')!,
        );
        const now = new Date().toISOString();
        await store.setKillSwitch(
          {
            entityRef: ref,
            enabled: true,
            reason: 'Salaries in prompts',
            updatedBy: 'policy:pii-burst-on-sensitive-data',
            updatedAt: now,
            engagedByRole: 'policy',
          },
          {
            occurredAt: now,
            actor: 'policy:pii-burst-on-sensitive-data',
            action: 'killswitch.enabled',
            entityRef: ref,
            comment: 'Salaries in prompts',
          },
        );
        expect((await as('uma').get(url)).body).toMatchObject({
          enabled: true,
          releaseNeedsTwoStewards: true,
        });
        const first = await as('nora').post(url, {
          enabled: false,
          reason: 'Test data, not salaries',
        });
        expect(first.status).toBe(202);
        expect(first.body.releaseRequest).toMatchObject({
          requestedBy: 'user:default/nora',
          reason: 'Test data, not salaries',
        });
        expect(
          (await as('nora').post(url, { enabled: false, reason: 'Again' }))
            .status,
        ).toBe(409);
        const second = await as('sam').post(url, {
          enabled: false,
          reason: 'Confirmed',
        });
        expect(second.status).toBe(200);
        expect(second.body.enabled).toBe(false);
        const audit = await as('maya').get(
          `/api/microapps/audit?entityRef=${encodeURIComponent(ref)}`,
        );
        expect(
          audit.body.items
            .slice(0, 2)
            .map((e: { action: string; actor: string }) => [e.action, e.actor]),
        ).toEqual([
          ['killswitch.disabled', 'user:default/sam'],
          ['killswitch.release-requested', 'user:default/nora'],
        ]);
        expect(
          (await as('maya').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({ valid: true });
      });
    });
  },
);
