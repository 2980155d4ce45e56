/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on the example portal's own parts,
 * on every database TestDatabases reaches. This part: granting and revoking
 * each badge, and reading, engaging and releasing the kill switch.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { matrixRoutes } from './__testUtils__/authorizationMatrix';
import {
  CALLERS,
  runCell,
  matrixPortal,
  WHO,
} from './__testUtils__/matrixPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'authorization matrix of /api/microapps (%s)',
  databaseId => {
    const portal = matrixPortal(databases, databaseId);
    const matrix = matrixRoutes(portal);

    beforeAll(() => portal.start());

    afterAll(() => portal.stop());

    describe.each(
      [...matrix.reviews, ...matrix.killSwitch].map(r => [r.route, r] as const),
    )('%s', (_, route) => {
      it.each(
        CALLERS.map(
          (caller, i) => [WHO[caller], route.expected[i], caller] as const,
        ),
      )('%s → %i', async (_who, expected, caller) => {
        const { got, wanted } = await runCell(portal, route, caller, expected);
        expect(got).toEqual(wanted);
      });
    });
  },
);
