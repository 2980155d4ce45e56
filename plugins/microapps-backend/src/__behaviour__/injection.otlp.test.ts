/*
 * Hostile input end to end on a portal of real parts (see
 * injection.manifests.test.ts), in OTLP attributes: injection strings are
 * stored and answered verbatim (trimmed, at most 200 characters, U+0000
 * replaced by U+FFFD: PostgreSQL text cannot hold NUL, see
 * policyFindings.ts), end-user ids only as hashes.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  modelCall,
  OTLP_HOSTILE,
  storedAttribute,
  str,
} from '../__testUtils__/hostileInput';
import { acceptedInFull, hostilePortal } from '../__testUtils__/hostilePortal';
import { waitFor } from '../__testUtils__/startTestPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'hostile input on a signed-in portal (%s)',
  databaseId => {
    const portal = hostilePortal(databases, databaseId);
    const { as, sendSpans } = portal;
    let microappsDb: Knex;

    beforeAll(async () => {
      ({ microappsDb } = await portal.start());
    });

    afterAll(() => portal.stop());

    describe('in OTLP attributes', () => {
      const target = 'injection-sql';
      const userId = (value: string) => `enduser ${value}`;

      beforeAll(async () => {
        // A model and an end user per span, and a policy finding per span, from a registered app.
        acceptedInFull(
          await sendSpans(
            target,
            OTLP_HOSTILE.filter(([label]) => label !== 'long').map(
              ([, value]) =>
                modelCall(value, [str('enduser.id', userId(value))]),
            ),
          ),
          'the model calls',
        );
        const findings = await sendSpans(
          target,
          OTLP_HOSTILE.map(([, value]) => [
            str('trellis.policy.decision', 'deny'),
            str('trellis.policy.violation', 'prompt_injection'),
            str('trellis.policy.rule', value),
          ]),
        );
        acceptedInFull(findings, 'the policy findings');
        // Spans that claim to come from an app named by each hostile string.
        for (const [label, value] of OTLP_HOSTILE) {
          acceptedInFull(
            await sendSpans(value, [modelCall('azure-gpt-4.1-mini')]),
            `service.name ${label}`,
          );
        }
      });

      it.each(OTLP_HOSTILE)(
        '%s: trellis.policy.rule comes back verbatim from /violations',
        async (_, value) => {
          const res = await as('alice').get(
            `/api/microapps/apps/default/${target}/violations?type=prompt_injection&limit=500`,
          );
          expect(res.status).toBe(200);
          expect(res.body.items.map((v: any) => v.rule)).toContain(
            storedAttribute(value),
          );
        },
      );

      it.each(OTLP_HOSTILE.filter(([label]) => label !== 'long'))(
        '%s: gen_ai.request.model comes back verbatim from the costs by model and as an undeclared model',
        async (_, value) => {
          const stored = storedAttribute(value);
          const byModel = (
            await as('alice')
              .get('/api/microapps/costs?groupBy=model')
              .expect(200)
          ).body;
          expect(byModel.groups).toContainEqual(
            expect.objectContaining({ key: stored, label: stored }),
          );
          const app = (
            await as('alice')
              .get(`/api/microapps/apps/default/${target}/costs`)
              .expect(200)
          ).body;
          expect(app.daily.map((d: any) => d.model)).toContain(stored);
          const undeclared = (
            await as('alice').get(
              `/api/microapps/apps/default/${target}/violations?type=undeclared_model&limit=500`,
            )
          ).body.items;
          expect(undeclared.map((v: any) => v.rule)).toContain(stored);
        },
      );

      it('refuses a model name of 200 characters or more with a message naming the attribute', async () => {
        const [, long] = OTLP_HOSTILE.find(([label]) => label === 'long')!;
        const res = await sendSpans(target, [modelCall(long)]);
        expect(res.status).toBe(200);
        expect(res.body.partialSuccess).toMatchObject({ rejectedSpans: '1' });
        expect(res.body.partialSuccess.errorMessage).toContain(
          'gen_ai.request.model must be at most 199 characters',
        );
      });

      it.each(OTLP_HOSTILE)(
        '%s: service.name comes back verbatim as the claimed app of an unregistered_app finding',
        async (_, value) => {
          const stored = storedAttribute(value);
          const res = await as('alice').get(
            '/api/microapps/violations?type=unregistered_app&limit=500',
          );
          expect(res.status).toBe(200);
          const finding = res.body.items.find((v: any) =>
            v.detail?.includes(`service.name "${stored}"`),
          );
          expect(finding).toMatchObject({
            entityRef: `microapp:default/${stored.toLocaleLowerCase('en-US')}`,
            severity: 'medium',
          });
          const byApp = (
            await as('alice')
              .get('/api/microapps/costs?groupBy=app')
              .expect(200)
          ).body;
          expect(byApp.groups.map((g: any) => g.key)).toContain(
            finding.entityRef,
          );
        },
      );

      it('counts hostile end-user ids as distinct users and keeps them only as hashes', async () => {
        const counted = OTLP_HOSTILE.filter(
          ([label]) => label !== 'long',
        ).length;
        const item = await waitFor(
          async () => {
            const res = await as('alice').get(
              '/api/microapps/apps?q=injection-sql&lifecycle=draft',
            );
            const found = res.body.items.find((i: any) => i.name === target);
            return found?.users30d === counted ? found : undefined;
          },
          'the marketplace to count the end users',
          120_000,
        );
        expect(item.users30d).toBe(counted);
        const hashes: string[] = (
          await microappsDb('microapps_usage_users').select('user_hash')
        ).map(r => r.user_hash);
        expect(hashes.every(hash => /^[0-9a-f]{32,64}$/.test(hash))).toBe(true);
        const everything = JSON.stringify([
          (await as('alice').get('/api/microapps/violations?limit=500')).body,
          (await as('alice').get(`/api/microapps/apps/default/${target}/costs`))
            .body,
          (await as('alice').get('/api/microapps/costs?groupBy=app')).body,
        ]);
        expect(everything).not.toContain('enduser ');
      });
    });
  },
);
