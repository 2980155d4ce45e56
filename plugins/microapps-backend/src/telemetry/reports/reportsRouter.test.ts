import { TestDatabases } from '@backstage/backend-test-utils';
import { COST_GROUP_BYS } from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  asUser,
  CALLS,
  CONTRACTS,
  csvRows,
  EXPENSES,
  FINANCE,
  INVOICES,
  LEGAL,
  MONTH,
  PERIOD,
  reportsApp,
  SHADOW,
  VIOLATIONS,
} from './__testUtils__/reportsTestApp';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const COSTS = `/costs?from=${PERIOD.from}&to=${PERIOD.to}`;
const CHARGEBACK = `/costs/chargeback.csv?month=${MONTH}`;
const VIOLATIONS_PAGE = `/violations?from=${PERIOD.from}&to=${PERIOD.to}`;
const appPath = (ref: string) => `/apps/default/${ref.split('/')[1]}`;

const keys = (body: { groups: Array<{ key: string }> }) =>
  body.groups.map(group => group.key).sort();
const violationRefs = (body: { items: Array<{ entityRef?: string }> }) =>
  body.items.map(item => item.entityRef).sort();
const usdOf = (...refs: string[]) =>
  CALLS.filter(call => refs.includes(call.entityRef)).reduce(
    (sum, call) => sum + call.costMicros,
    0,
  ) / 1_000_000;

/**
 * A refusal is Backstage's error answer (which echoes the request), and what
 * it says names no app, team or amount.
 */
const leaksNothing = (body: Record<string, unknown>) => {
  expect(Object.keys(body).sort()).toEqual(['error', 'request', 'response']);
  const text = JSON.stringify(body.error);
  for (const secret of [
    'invoice',
    'expense',
    'contract',
    'shadow',
    'finance',
    'legal',
    'CC-',
    '2.000000',
  ]) {
    expect(text).not.toContain(secret);
  }
};

describe('costs and violations routers', () => {
  it('answers 401 without a token, whatever the query', async () => {
    const app = await reportsApp(databases, 'steward');
    for (const path of [
      COSTS,
      CHARGEBACK,
      VIOLATIONS_PAGE,
      `${appPath(INVOICES)}/costs`,
      `${appPath(INVOICES)}/violations`,
      `${appPath(INVOICES)}/costs?from=yesterday`,
      `${appPath(INVOICES)}/violations?from=yesterday`,
    ]) {
      const res = await request(app).get(path).expect(401);
      expect(res.body.error.name).toBe('AuthenticationError');
      expect(res.headers['content-disposition']).toBeUndefined();
    }
  });

  it('refuses a caller the policy denies with a 403 that names the permission, and shows nothing', async () => {
    const app = await reportsApp(databases, 'denied');
    const refusals: Array<[string, string]> = [
      [COSTS, 'You may not read costs (permission microapps.costs.read)'],
      [CHARGEBACK, 'You may not read costs (permission microapps.costs.read)'],
      [
        VIOLATIONS_PAGE,
        'You may not read policy violations (permission microapps.violations.read)',
      ],
      [
        `${appPath(INVOICES)}/costs`,
        'You may not read MicroApps (permission microapps.app.read)',
      ],
      [
        `${appPath(INVOICES)}/violations`,
        'You may not read MicroApps (permission microapps.app.read)',
      ],
      // The same answer for an app that does not exist: no way to probe.
      [
        '/apps/default/unknown/costs',
        'You may not read MicroApps (permission microapps.app.read)',
      ],
    ];
    for (const [path, message] of refusals) {
      const res = await request(app).get(path).set(asUser).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.error.message).toBe(message);
      leaksNothing(res.body);
    }
  });

  it('refuses costs and violations to a caller who may read the apps but not the reports', async () => {
    const app = await reportsApp(databases, 'reader without reports');
    for (const path of [COSTS, CHARGEBACK, `${appPath(INVOICES)}/costs`]) {
      const res = await request(app).get(path).set(asUser).expect(403);
      expect(res.body.error.message).toBe(
        'You may not read costs (permission microapps.costs.read)',
      );
      leaksNothing(res.body);
    }
    for (const path of [VIOLATIONS_PAGE, `${appPath(INVOICES)}/violations`]) {
      const res = await request(app).get(path).set(asUser).expect(403);
      expect(res.body.error.message).toBe(
        'You may not read policy violations (permission microapps.violations.read)',
      );
      leaksNothing(res.body);
    }
  });

  it('shows a steward every app, unregistered ones too, in /costs, the chargeback and /violations', async () => {
    const app = await reportsApp(databases, 'steward');
    const costs = await request(app).get(COSTS).set(asUser).expect(200);
    expect(keys(costs.body)).toEqual(
      [CONTRACTS, EXPENSES, INVOICES, SHADOW].sort(),
    );
    expect(costs.body.totalUsd).toBe(
      usdOf(INVOICES, EXPENSES, CONTRACTS, SHADOW),
    );
    const csv = await request(app).get(CHARGEBACK).set(asUser).expect(200);
    expect(
      csvRows(csv.text)
        .slice(1)
        .map(row => row[3]),
    ).toEqual(expect.arrayContaining([INVOICES, EXPENSES, CONTRACTS, SHADOW]));
    const violations = await request(app)
      .get(VIOLATIONS_PAGE)
      .set(asUser)
      .expect(200);
    expect(violations.body.totalItems).toBe(VIOLATIONS.length);
  });

  it('shows a caller who may read only finance-ops apps only those, everywhere', async () => {
    const app = await reportsApp(databases, 'finance-ops member');
    const costs = await request(app).get(COSTS).set(asUser).expect(200);
    expect(keys(costs.body)).toEqual([EXPENSES, INVOICES]);
    expect(costs.body.totalUsd).toBe(usdOf(INVOICES, EXPENSES));
    expect(costs.body.totalGroups).toBe(2);
    const byTeam = await request(app)
      .get(`${COSTS}&groupBy=team`)
      .set(asUser)
      .expect(200);
    expect(keys(byTeam.body)).toEqual([FINANCE]);

    const csv = await request(app).get(CHARGEBACK).set(asUser).expect(200);
    expect(
      csvRows(csv.text)
        .slice(1)
        .map(row => row[3]),
    ).toEqual([EXPENSES, INVOICES]);

    const violations = await request(app)
      .get(VIOLATIONS_PAGE)
      .set(asUser)
      .expect(200);
    expect(violationRefs(violations.body)).toEqual([
      EXPENSES,
      INVOICES,
      INVOICES,
    ]);
    expect(violations.body.totalItems).toBe(3);
    expect(
      violations.body.series.reduce(
        (sum: number, point: { count: number }) => sum + point.count,
        0,
      ),
    ).toBe(3);
    // Asking for another team's app by name finds nothing…
    const asked = await request(app)
      .get(`${VIOLATIONS_PAGE}&entityRef=${CONTRACTS}`)
      .set(asUser)
      .expect(200);
    expect(asked.body).toMatchObject({ items: [], totalItems: 0 });
    // …and its own pages are not found, as for an app that does not exist.
    for (const path of [
      `${appPath(CONTRACTS)}/costs`,
      `${appPath(CONTRACTS)}/violations`,
    ]) {
      await request(app).get(path).set(asUser).expect(404);
    }
    const own = await request(app)
      .get(`${appPath(INVOICES)}/costs?from=${PERIOD.from}&to=${PERIOD.to}`)
      .set(asUser)
      .expect(200);
    expect(own.body.totalUsd).toBe(usdOf(INVOICES));
  });

  it('narrows /costs to the apps an owner owns, by group name or ref', async () => {
    const app = await reportsApp(databases, 'steward');
    for (const owner of ['finance-ops', FINANCE, 'Group:default/Finance-Ops']) {
      const res = await request(app)
        .get(`${COSTS}&owner=${encodeURIComponent(owner)}`)
        .set(asUser)
        .expect(200);
      expect(keys(res.body)).toEqual([EXPENSES, INVOICES]);
      expect(res.body.totalUsd).toBe(usdOf(INVOICES, EXPENSES));
    }
    const legal = await request(app)
      .get(`${COSTS}&owner=legal-ops&groupBy=team`)
      .set(asUser)
      .expect(200);
    expect(keys(legal.body)).toEqual([LEGAL]);
    expect(legal.body.totalUsd).toBe(usdOf(CONTRACTS));
    // Unregistered apps have no owner; a team that owns nothing has no costs.
    const nobody = await request(app)
      .get(`${COSTS}&owner=people-ops`)
      .set(asUser)
      .expect(200);
    expect(nobody.body).toMatchObject({ groups: [], totalUsd: 0 });
  });

  it('names groupBy and its values when it is wrong', async () => {
    const app = await reportsApp(databases, 'steward');
    const res = await request(app)
      .get(`${COSTS}&groupBy=planet`)
      .set(asUser)
      .expect(400);
    expect(res.body.error.message).toBe(
      `Invalid query. groupBy: must be one of ${COST_GROUP_BYS.join(
        ', ',
      )} (got "planet")`,
    );
    for (const groupBy of COST_GROUP_BYS) {
      const ok = await request(app)
        .get(`${COSTS}&groupBy=${groupBy}`)
        .set(asUser)
        .expect(200);
      expect(ok.body.groupBy).toBe(groupBy);
    }
  });

  it('sends the chargeback as a CSV attachment whose rows add up to the cost report', async () => {
    const app = await reportsApp(databases, 'steward');
    const csv = await request(app).get(CHARGEBACK).set(asUser).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="trellis-chargeback-${MONTH}.csv"`,
    );
    const [header, ...rows] = csvRows(csv.text);
    expect(header).toEqual([
      'month',
      'cost_center',
      'team',
      'app',
      'app_title',
      'requests',
      'input_tokens',
      'output_tokens',
      'cost_usd',
    ]);
    expect(rows.find(row => row[3] === INVOICES)).toEqual([
      MONTH,
      'CC-4100-FIN',
      FINANCE,
      INVOICES,
      'Invoice Field Extractor',
      '2',
      '1500',
      '150',
      '2.000000',
    ]);
    expect(rows.find(row => row[3] === SHADOW)?.slice(1, 5)).toEqual([
      '(unattributed)',
      '(unregistered)',
      SHADOW,
      'shadow-tool (unregistered)',
    ]);
    const costs = await request(app).get(COSTS).set(asUser).expect(200);
    const csvMicros = rows.reduce(
      (sum, row) => sum + Math.round(Number(row[8]) * 1_000_000),
      0,
    );
    expect(csvMicros).toBe(costs.body.totalMicros);
    expect(rows.reduce((sum, row) => sum + Number(row[5]), 0)).toBe(
      costs.body.totalRequests,
    );
    const bad = await request(app)
      .get('/costs/chargeback.csv?month=March')
      .set(asUser)
      .expect(400);
    expect(bad.body.error.message).toContain('month: must be a month');
  });

  it("lists one app's violations, and 404 for an app it does not know", async () => {
    const app = await reportsApp(databases, 'steward');
    const res = await request(app)
      .get(
        `${appPath(INVOICES)}/violations?from=${PERIOD.from}&to=${PERIOD.to}`,
      )
      .set(asUser)
      .expect(200);
    expect(violationRefs(res.body)).toEqual([INVOICES, INVOICES]);
    expect(
      res.body.items.map((item: { type: string }) => item.type).sort(),
    ).toEqual(['pii_detected', 'quota_exceeded']);
    const unknown = await request(app)
      .get('/apps/default/unknown/violations')
      .set(asUser)
      .expect(404);
    expect(unknown.body.error.message).toBe(
      'No MicroApp named default/unknown',
    );
    await request(app)
      .get('/apps/default/unknown/costs')
      .set(asUser)
      .expect(404);
  });
});
