/*
 * The date parameters of the cost and violation routes on a real backend,
 * at the reporting window's edges: days and months outside it are a 400
 * that names the parameter, its first and last days and months answer, and
 * the periods and bills there hold what was used. Beyond four-digit years,
 * days once made the day loops spin for ever (`addDays('9999-12-31', 1)`
 * gave `+010000-01`), and on PostgreSQL reached the violation queries as
 * invalid dates (a 500).
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  addDays,
  EARLIEST_DAY,
  LATEST_DAY,
} from '@trellis/plugin-microapps-common';
import {
  APP,
  APP_REF,
  type Query,
  ROUTES,
  useReportDatesPortal,
} from '../../__testUtils__/reportDatesPortal';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'date parameters of the cost and violation routes (%s)',
  databaseId => {
    const { get, expectAnswered } = useReportDatesPortal(databases, databaseId);

    it.each(ROUTES)(
      'answers %s for days and months outside the window with a 400',
      async route => {
        const outside = [
          '1999-12-31',
          '2100-01-01',
          '0000-01-01',
          '9999-12-31',
          '+010000-01-01',
          '-000001-12-31',
        ];
        const queries: Query[] = [
          { from: '9999-12-01', to: '9999-12-31' },
          { from: '0000-01-01', to: '0000-01-31' },
          { month: '9999-12' },
          { month: '0000-01' },
          { month: '1999-12' },
          { month: '2100-01' },
          ...outside.flatMap(day => [{ from: day }, { to: day }]),
        ];
        for (const query of queries) {
          const res = await expectAnswered(route, query);
          const checked =
            route === '/costs/chargeback.csv'
              ? query.month !== undefined
              : query.from !== undefined || query.to !== undefined;
          expect(res.status).toBe(checked ? 400 : 200);
        }
        const res = await get(route, { from: '1999-12-31', month: '2100-01' });
        const [name, window] =
          route === '/costs/chargeback.csv'
            ? ['month', 'from 2000-01 to 2099-12']
            : ['from', 'from 2000-01-01 to 2099-12-31'];
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(`${name}: must be`);
        expect(res.body.error.message).toContain(window);
      },
    );

    it.each(ROUTES)('answers %s for the window’s own edges', async route => {
      const queries: Query[] = [
        { from: EARLIEST_DAY, to: EARLIEST_DAY },
        { from: EARLIEST_DAY, to: '2000-01-31' },
        { to: '2000-01-10' },
        { from: '2000-01-05', to: '2000-01-20' },
        { from: '2099-12-01', to: LATEST_DAY },
        { from: LATEST_DAY, to: LATEST_DAY },
        { from: addDays(LATEST_DAY, -399), to: LATEST_DAY },
        { month: '2000-01' },
        { month: '2099-12' },
      ];
      for (const query of queries) {
        const res = await expectAnswered(route, query);
        expect(res.status).toBe(200);
      }
    });

    it('cuts the default and the previous period at the window’s start', async () => {
      const whole = await get('/costs', {
        from: EARLIEST_DAY,
        to: '2000-01-31',
      });
      expect(whole.status).toBe(200);
      expect(whole.body).toMatchObject({
        from: EARLIEST_DAY,
        to: '2000-01-31',
        previousFrom: EARLIEST_DAY,
        previousTo: '1999-12-31',
        totalUsd: 3,
        previousTotalUsd: 0,
        changePct: null,
      });

      const byDefault = await get('/costs', { to: '2000-01-10' });
      expect(byDefault.body).toMatchObject({
        from: EARLIEST_DAY,
        to: '2000-01-10',
        totalUsd: 1.5,
      });

      const shorter = await get(`/apps/default/${APP}/costs`, {
        from: '2000-01-05',
        to: '2000-01-31',
      });
      expect(shorter.status).toBe(200);
      expect(shorter.body).toMatchObject({
        totalUsd: 1.5,
        previous: { from: EARLIEST_DAY, to: '2000-01-04', totalUsd: 1.5 },
      });

      const last = await get(`/apps/default/${APP}/costs`, {
        from: '2099-12-01',
        to: LATEST_DAY,
      });
      expect(last.body).toMatchObject({
        totalUsd: 1.5,
        previous: { from: '2099-10-31', to: '2099-11-30', totalUsd: 0 },
      });
    });

    it('finds violations on the first and the last day of the window', async () => {
      for (const day of [EARLIEST_DAY, LATEST_DAY]) {
        const res = await get('/violations', { from: day, to: day });
        expect(res.status).toBe(200);
        expect(res.body.totalItems).toBe(1);
        expect(res.body.series).toEqual([
          { date: day, type: 'quota_exceeded', count: 1 },
        ]);
      }
    });

    it('bills the first and the last month of the window', async () => {
      for (const month of ['2000-01', '2099-12']) {
        const res = await get('/costs/chargeback.csv', { month });
        expect(res.status).toBe(200);
        expect(res.text).toContain(`${month},`);
        expect(res.text).toContain(APP_REF);
      }
    });
  },
);
