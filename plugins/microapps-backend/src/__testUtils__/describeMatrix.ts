/*
 * The tests of an authorizationMatrix.*.test.ts file, on every database
 * TestDatabases reaches: the portal of each database (matrixPortal.ts) starts
 * before its tests and stops after them, every cell of the file's routes is
 * checked, and the file may add tests of its own.
 */
/* eslint-disable jest/no-export -- declaring the tests of the files that call it is what it is for */
import { TestDatabases } from '@backstage/backend-test-utils';
import { type Matrix, matrixRoutes } from './authorizationMatrix';
import {
  CALLERS,
  matrixPortal,
  type RouteCase,
  runCell,
  WHO,
} from './matrixPortal';

/** What a test file's own tests get of the portal of one database. */
export interface MatrixSuite {
  matrix: Matrix;
  /** The portal's server, once beforeAll has started it. */
  server: () => any;
}

/**
 * A test file's part of the matrix, on every database TestDatabases reaches:
 * starts the portal of each database before its tests and stops it after,
 * checks every cell of the routes `routesOf` picks from the matrix, then
 * declares the file's own tests, if any, with `more`.
 */
export function describeMatrix(
  routesOf: (matrix: Matrix) => RouteCase[],
  more?: (suite: MatrixSuite) => void,
) {
  jest.setTimeout(180_000);

  const databases = TestDatabases.create();

  describe.each(databases.eachSupportedId())(
    'authorization matrix of /api/microapps (%s)',
    databaseId => {
      const portal = matrixPortal(databases, databaseId);
      const matrix = matrixRoutes(portal);
      let server: any;

      beforeAll(async () => {
        server = await portal.start();
      });

      afterAll(() => portal.stop());

      describe.each(routesOf(matrix).map(r => [r.route, r] as const))(
        '%s',
        (_, route) => {
          it.each(
            CALLERS.map(
              (caller, i) => [WHO[caller], route.expected[i], caller] as const,
            ),
          )('%s → %i', async (_who, expected, caller) => {
            const { got, wanted } = await runCell(
              portal,
              route,
              caller,
              expected,
            );
            expect(got).toEqual(wanted);
          });
        },
      );

      more?.({ matrix, server: () => server });
    },
  );
}
