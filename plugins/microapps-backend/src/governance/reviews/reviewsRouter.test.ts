import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_RISK_MATRIX,
  requiredBadges,
  reviewStage,
} from '@trellis/plugin-microapps-common';
import request from 'supertest';
import {
  appWith,
  exampleEntities,
  guardFor,
  permissionRuleset,
} from '../../__testUtils__/routerTestKit';
import { AppReadAccess } from '../../registry/AppReadAccess';
import { governedApp } from '../../registry/governedApp';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { ReviewInbox } from './ReviewInbox';
import { createReviewsRouter } from './reviewsRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const APPS = [
  ...exampleEntities('finance-ops.yaml'),
  ...exampleEntities('legal-ops.yaml'),
].map(entity =>
  governedApp(entity, { models: [], riskMatrix: DEFAULT_RISK_MATRIX }),
);
const FINANCE = APPS.find(
  app => app.entity.metadata.name === 'invoice-field-extractor',
)!.owner;

/** The inbox route alone, over two teams' example apps; the caller is `user` of `groups`. */
async function inboxApp(options: {
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  groups?: string[];
}) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseGovernanceStore.create({
    database: { getClient: async () => knex },
  });
  const permissions = mockServices.permissions({ result: options.result });
  const inbox = new ReviewInbox({
    store,
    guard: guardFor({
      result: options.result,
      user: 'user:default/nora-security',
      groups: options.groups,
    }),
    permissions,
    access: new AppReadAccess({
      permissions,
      catalog: catalogServiceMock(),
      ruleset: permissionRuleset,
    }),
    listApps: async () => APPS.map(app => ({ app })),
  });
  return appWith(
    createReviewsRouter({
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      inbox,
    }),
  );
}

const asUser = { Authorization: mockCredentials.user.header() };
/** What the inbox should hold for a steward who owns none of `excluded`'s apps. */
const expectedReviews = (excluded?: string) =>
  APPS.filter(app => app.owner !== excluded).flatMap(app => {
    const stage = reviewStage(app.entity.spec.lifecycle);
    return stage
      ? requiredBadges(app.risk.tier, stage).map(badge => ({
          entityRef: app.entityRef,
          badge,
        }))
      : [];
  });

describe('reviews router', () => {
  it('lists every badge a steward may grant that an app needs next', async () => {
    const app = await inboxApp({ result: AuthorizeResult.ALLOW });
    await request(app).get('/reviews').expect(401);
    const res = await request(app).get('/reviews').set(asUser).expect(200);
    const listed = res.body.items.map(
      (item: { entityRef: string; badge: string }) => ({
        entityRef: item.entityRef,
        badge: item.badge,
      }),
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(expect.arrayContaining(expectedReviews()));
    expect(listed).toHaveLength(expectedReviews().length);
  });

  it("leaves out the apps of the steward's own team, and is people-only", async () => {
    const app = await inboxApp({
      result: AuthorizeResult.ALLOW,
      groups: [FINANCE],
    });
    const res = await request(app).get('/reviews').set(asUser).expect(200);
    expect(res.body.items).toHaveLength(expectedReviews(FINANCE).length);
    expect(
      res.body.items.some(
        (item: { entityRef: string }) =>
          APPS.find(a => a.entityRef === item.entityRef)?.owner === FINANCE,
      ),
    ).toBe(false);
    await request(app)
      .get('/reviews')
      .set({ Authorization: mockCredentials.service.header() })
      .expect(403);
  });

  it('is empty for someone the policy lets grant nothing', async () => {
    const app = await inboxApp({ result: AuthorizeResult.DENY });
    const res = await request(app).get('/reviews').set(asUser).expect(200);
    expect(res.body).toEqual({ items: [] });
  });

  it('marks reviews of apps already running without the badge overdue and lists them first', async () => {
    const app = await inboxApp({ result: AuthorizeResult.ALLOW });
    const res = await request(app).get('/reviews').set(asUser).expect(200);
    const items: Array<{ entityRef: string; badge: string; overdue: boolean }> =
      res.body.items;
    for (const item of items) {
      const governed = APPS.find(a => a.entityRef === item.entityRef)!;
      expect(item.overdue).toBe(
        requiredBadges(
          governed.risk.tier,
          governed.entity.spec.lifecycle,
        ).includes(item.badge as never),
      );
    }
    expect(items.some(item => item.overdue)).toBe(true);
    expect(items.some(item => !item.overdue)).toBe(true);
    const firstNotOverdue = items.findIndex(item => !item.overdue);
    expect(items.slice(firstNotOverdue).every(item => !item.overdue)).toBe(
      true,
    );
  });
});
