/*
 * The authorization matrix of /api/microapps (__testUtils__/authorizationMatrix.ts
 * says where its expectations come from) on a portal of real parts
 * (__testUtils__/signedInPortal.ts), on every database TestDatabases reaches. This part: the routes that read
 * (models, apps, gates, costs, violations, the audit log, the steward inbox)
 * and the OTLP receiver; that the matrix covers every route the router
 * declares; and that the ingest credential sends traces and reads nothing.
 */
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { allRoutes } from '../__testUtils__/authorizationMatrix';
import { describeMatrix } from '../__testUtils__/describeMatrix';
import { INGEST_TOKEN, otlpBody } from '../__testUtils__/matrixPortal';

describeMatrix(
  matrix => [...matrix.reads, ...matrix.oversight],
  ({ matrix, server }) => {
    const routes = allRoutes(matrix);

    it('covers every route the router declares', () => {
      // Every feature router, wherever it lives under the plugin's src.
      const src = path.resolve(__dirname, '..');
      const routerFiles = fs
        .readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter(file => /(^|\/)(router|[A-Za-z]+Router)\.ts$/.test(file));
      expect(routerFiles.length).toBeGreaterThan(5);
      const source = routerFiles
        .map(file => fs.readFileSync(path.join(src, file), 'utf8'))
        .join('\n');
      const declared = [
        ...source.matchAll(/router\.(get|post|delete)\(\s*[`'](\/[^`']*)[`']/g),
      ].map(m => `${m[1].toUpperCase()} ${m[2]}`);
      // Grant, revoke and request-changes are declared in a loop over the three actions.
      expect(source).toMatch(
        /grant: 'grant',\s*revoke: 'revoke',\s*'request-changes': 'requestChanges',\s*\} as const;/,
      );
      const covered = new Set(
        routes.map(r =>
          r.route
            .replace(/ \(.*\)$/, '')
            .replace(
              /badges\/[a-z-]+\/(grant|revoke|request-changes)$/,
              'badges/:badge/${action}',
            ),
        ),
      );
      expect(declared.length).toBeGreaterThan(20);
      expect(declared.filter(route => !covered.has(route))).toEqual([]);
    });

    it('lets the ingest credential send traces and read nothing', async () => {
      const ingest = { Authorization: `Bearer ${INGEST_TOKEN}` };
      const traces = await request(server())
        .post('/api/microapps/v1/traces')
        .set(ingest)
        .send(otlpBody());
      expect(traces.status).toBe(200);
      const reads = routes.filter(
        r =>
          r.method === 'GET' &&
          !r.route.includes('/public/') &&
          !r.route.endsWith('/health'),
      );
      expect(reads.length).toBeGreaterThan(15);
      for (const route of reads) {
        const res = await request(server()).get(route.path()).set(ingest);
        expect({ route: route.route, status: res.status }).toEqual({
          route: route.route,
          status: 403,
        });
      }
    });
  },
);
