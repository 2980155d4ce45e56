import { TestDatabases } from '@backstage/backend-test-utils';
import { DEFAULT_RISK_MATRIX } from '@trellis/plugin-microapps-common';
import { models } from '../../__testUtils__/exampleCatalogPortal';
import {
  app,
  entity,
  inputsBuilt,
  migrated,
  policies,
  ref,
  regulatedPiiPolicy,
  replica,
  telemetry,
} from '../../__testUtils__/policyEngineReplica';
import { governedApp } from '../../registry/governedApp';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'PolicyEngine on ingest (%s)',
  databaseId => {
    it('on ingest, evaluates only the policies the request can make fire, and a burst of requests shares evaluations', async () => {
      const knex = await migrated(databases, databaseId);
      const sent: any[] = [];
      // Reads PII too, but only for regulated data, which this app lacks.
      expect(entity.spec.data.classifications).not.toContain('regulated');
      const [regulatedOnly] = regulatedPiiPolicy();
      let now = Date.parse('2026-12-03T10:00:00Z');
      const { engine, logger } = replica(knex, sent, {
        policies: [...policies, regulatedOnly],
        now: () => new Date(now),
      });
      Object.assign(telemetry, { pii: 2, errorRate: 0.9 });
      inputsBuilt.length = 0;
      const pii = [{ entityRef: ref, types: ['pii_detected' as const] }];
      // A request with another type of violation: no policy reads it.
      await engine.afterIngest([
        { entityRef: ref, types: ['undeclared_model'] },
      ]);
      expect(inputsBuilt).toEqual([]);
      await Promise.all(
        Array.from({ length: 10 }, () =>
          engine.afterIngest([
            ...pii,
            { entityRef: ref.toUpperCase(), types: ['pii_detected'] },
          ]),
        ),
      );
      // pii-burst (10-minute window) only: error-watch does not read
      // violations and regulated-pii is false for this app's manifest (its
      // 1-hour window is never read). The first request's evaluation, then one
      // shared by the nine that came meanwhile.
      expect(inputsBuilt).toEqual([600, 600]);
      // Requests that arrive while both run wait for a third, after the second.
      await Promise.all([
        engine.afterIngest(pii),
        (async () => {
          await new Promise(resolve => setTimeout(resolve, 5));
          await Promise.all([engine.afterIngest(pii), engine.afterIngest(pii)]);
        })(),
      ]);
      expect(inputsBuilt).toEqual([600, 600, 600, 600]);

      // The third finding fires it; active, it cannot fire again, so the next
      // requests leave it alone for 30 seconds (re-arming is the schedule's).
      telemetry.pii = 3;
      await engine.afterIngest(pii);
      await engine.afterIngest(pii);
      expect(inputsBuilt).toHaveLength(5);
      now += 31_000;
      await engine.afterIngest(pii);
      expect(inputsBuilt).toHaveLength(6);
      expect(logger.error).not.toHaveBeenCalled();
      const firings = await knex('microapps_policy_firings');
      expect(firings.map(f => [f.policy_id, f.trigger])).toEqual([
        ['pii-burst', 'ingest'],
      ]);
      await engine.actionsSettled();
      expect(sent).toHaveLength(1);
    });

    it('on ingest, answers once the kill switch is on; the notice follows without holding the request', async () => {
      const knex = await migrated(databases, databaseId);
      const sent: any[] = [];
      // A notifications backend that does not answer until released.
      let release = () => {};
      const released = new Promise<void>(resolve => {
        release = resolve;
      });
      const { engine, governance } = replica(knex, sent, {
        send: async notification => {
          await released;
          sent.push(notification);
        },
      });
      Object.assign(telemetry, { pii: 3, errorRate: 0 });
      await engine.afterIngest([{ entityRef: ref, types: ['pii_detected'] }]);
      expect(await governance.getKillSwitch(ref)).toMatchObject({
        enabled: true,
        engagedByRole: 'policy',
      });
      expect(sent).toEqual([]);
      const [pending] = await knex('microapps_policy_firings');
      expect(pending.actions_done_at).toBeNull();

      release();
      await engine.actionsSettled();
      expect(sent).toHaveLength(1);
      const [done] = await knex('microapps_policy_firings');
      expect(done.actions_done_at).not.toBeNull();
    });

    it('on ingest, evaluates a policy the manifest made false once the app declares the data it needs', async () => {
      const knex = await migrated(databases, databaseId);
      let current = app;
      const { engine } = replica(knex, [], {
        policies: regulatedPiiPolicy(),
        currentApp: () => current,
      });
      Object.assign(telemetry, { pii: 0, errorRate: 0 });
      inputsBuilt.length = 0;
      const pii = [{ entityRef: ref, types: ['pii_detected' as const] }];
      await engine.afterIngest(pii);
      await engine.afterIngest(pii);
      expect(inputsBuilt).toEqual([]);
      // The catalog now says the app holds regulated data: the registry
      // replaces the app, and the next request's PII is evaluated.
      current = governedApp(
        {
          ...entity,
          spec: {
            ...entity.spec,
            data: {
              ...entity.spec.data,
              classifications: [
                ...entity.spec.data.classifications,
                'regulated',
              ],
            },
          },
        },
        { models, riskMatrix: DEFAULT_RISK_MATRIX },
      );
      await engine.afterIngest(pii);
      expect(inputsBuilt).toEqual([3600]);
    });
  },
);
