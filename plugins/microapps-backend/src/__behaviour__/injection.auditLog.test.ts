/*
 * Hostile input end to end on a portal of real parts (see
 * injection.manifests.test.ts), in the audit log: hostile text in a comment
 * is kept verbatim, and an edit of it is detected by the chain.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { accepted, HOSTILE } from '../__testUtils__/hostileInput';
import { hostilePortal } from '../__testUtils__/hostilePortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'hostile input on a signed-in portal (%s)',
  databaseId => {
    const portal = hostilePortal(databases, databaseId);
    const { as } = portal;
    let microappsDb: Knex;

    beforeAll(async () => {
      ({ microappsDb } = await portal.start());
    });

    afterAll(() => portal.stop());

    describe('in the audit log', () => {
      it('keeps a hostile comment verbatim, and /audit/verify reports an edit of it', async () => {
        const comment = `${HOSTILE.find(([l]) => l === 'sql')![1]} ${
          HOSTILE.find(([l]) => l === 'script')![1]
        }`;
        const app = accepted[0];
        const granted = await as('nora').post(
          `/api/microapps/apps/default/${app.metadata.name}/badges/security-review/grant`,
          {
            comment,
          },
        );
        expect(granted.status).toBe(200);
        const ref = `microapp:default/${app.metadata.name}`;
        const [entry] = (
          await as('nora')
            .get(`/api/microapps/audit?entityRef=${encodeURIComponent(ref)}`)
            .expect(200)
        ).body.items;
        expect(entry).toMatchObject({
          action: 'badge.granted',
          actor: 'user:default/nora',
          comment,
        });
        const exported = (
          (await as('nora').text('/api/microapps/audit/export')).body as string
        )
          .trim()
          .split('\n')
          .map(line => JSON.parse(line));
        expect(exported.find(e => e.id === entry.id)).toMatchObject({
          comment,
        });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({ valid: true });

        // Someone with database access rewrites the comment to plant a script.
        await microappsDb('microapps_audit_log')
          .where({ id: entry.id })
          .update({ comment: '<img src=x onerror="window.__pwned=1">' });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({
          valid: false,
          firstBrokenId: Number(entry.id),
          reason: `entry ${entry.id} was changed after it was written`,
        });
        await microappsDb('microapps_audit_log')
          .where({ id: entry.id })
          .update({ comment });
        expect(
          (await as('nora').get('/api/microapps/audit/verify')).body,
        ).toMatchObject({ valid: true });
      });
    });
  },
);
