import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DEFAULT_RISK_MATRIX,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { DatabaseGovernanceStore } from '../DatabaseGovernanceStore';
import { governedApp } from '../../registry/governedApp';
import { GovernanceNotifier, MAX_NOTICE_ATTEMPTS } from './GovernanceNotifier';

const databases = TestDatabases.create();
const DAY = 24 * 60 * 60 * 1000;

const entity: MicroAppEntity = {
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: {
    name: 'invoice-helper',
    namespace: 'default',
    title: 'Invoice helper',
  },
  spec: {
    type: 'summarizer',
    lifecycle: 'production',
    owner: 'group:default/finance-ops',
    version: '1.0.0',
    costCenter: 'CC-1',
    reach: 'single-user',
    data: { classifications: ['public'], pii: 'none' },
    models: ['m'],
    dependencies: { risk: 'minimal' },
  },
};
const models = [
  {
    id: 'm',
    provider: 'p',
    status: 'approved' as const,
    hosting: 'enterprise' as const,
    pricing: { inputPer1M: 1, outputPer1M: 1 },
  },
];

describe.each(databases.eachSupportedId())(
  'GovernanceNotifier (%s)',
  databaseId => {
    it('warns owners once before a badge expires and once when it has expired', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      const app = governedApp(entity, {
        models,
        riskMatrix: DEFAULT_RISK_MATRIX,
      });
      const granted = new Date('2026-01-01T00:00:00Z');
      await store.grant({
        approval: {
          entityRef: app.entityRef,
          badge: 'production-readiness',
          digest: app.digest,
          reviewedSpec: app.reviewable,
          approver: 'user:default/sam',
          comment: 'ok',
          grantedAt: granted.toISOString(),
          expiresAt: new Date(granted.getTime() + 90 * DAY).toISOString(),
        },
        audit: {
          occurredAt: granted.toISOString(),
          actor: 'user:default/sam',
          action: 'badge.granted',
        },
      });

      const sent: NotificationSendOptions[] = [];
      let now = new Date(granted.getTime() + 10 * DAY);
      const notifier = new GovernanceNotifier({
        notifications: {
          send: async notification => void sent.push(notification),
        },
        store,
        stewards: { platform: ['group:default/platform-stewards'] },
        logger: mockServices.logger.mock(),
        expiryWarningDays: 14,
        membersOf: async () => [],
        now: () => now,
      });

      await notifier.scan([app]);
      expect(sent).toEqual([]);

      now = new Date(granted.getTime() + 80 * DAY);
      await notifier.scan([app]);
      await notifier.scan([app]);
      expect(sent.map(n => n.payload.title)).toEqual([
        'Production readiness of Invoice helper expires in 10 days',
      ]);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/finance-ops',
      });

      now = new Date(granted.getTime() + 91 * DAY);
      await notifier.scan([app]);
      await notifier.scan([app]);
      expect(sent.map(n => n.payload.title)).toEqual([
        'Production readiness of Invoice helper expires in 10 days',
        'Production readiness of Invoice helper has expired',
      ]);
    });

    it('never lets a failing notifications service break a scan', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      const logger = mockServices.logger.mock();
      const notifier = new GovernanceNotifier({
        notifications: {
          send: async () =>
            Promise.reject(new Error('notifications backend is down')),
        },
        store,
        stewards: { platform: ['group:default/platform-stewards'] },
        logger,
        expiryWarningDays: 14,
        membersOf: async () => [],
      });
      await expect(
        notifier.scan([
          governedApp(entity, { models, riskMatrix: DEFAULT_RISK_MATRIX }),
        ]),
      ).resolves.toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('notifications backend is down'),
      );
    });

    it('retries a notice whose sending failed, with back-off, until it is sent once', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      const app = governedApp(entity, {
        models,
        riskMatrix: DEFAULT_RISK_MATRIX,
      });
      let now = new Date('2026-03-01T00:00:00Z');
      let down = true;
      const sent: NotificationSendOptions[] = [];
      const notifier = new GovernanceNotifier({
        notifications: {
          send: async notification => {
            if (down) throw new Error('notifications backend is down');
            sent.push(notification);
          },
        },
        store,
        stewards: { platform: ['group:default/platform-stewards'] },
        logger: mockServices.logger.mock(),
        expiryWarningDays: 14,
        membersOf: async () => [],
        now: () => now,
      });

      // A production app without production readiness: stewards are told.
      await notifier.scan([app]);
      expect(sent).toEqual([]);
      // Not due before the back-off (1 minute after the first failure).
      now = new Date(now.getTime() + 30_000);
      await notifier.retryDue();
      expect(sent).toEqual([]);
      // Due, but still failing: the next try waits 2 minutes.
      now = new Date(now.getTime() + 60_000);
      await notifier.retryDue();
      down = false;
      now = new Date(now.getTime() + 60_000);
      await notifier.retryDue();
      expect(sent).toEqual([]);
      now = new Date(now.getTime() + 61_000);
      await notifier.retryDue();
      await notifier.retryDue();
      await notifier.scan([app]);
      expect(sent.map(n => n.payload.title)).toEqual([
        'Production readiness needed for Invoice helper',
      ]);
      const [row] = await knex('microapps_notices').select('state', 'attempts');
      expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    });

    it('gives up after the last attempt and says so in the log', async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGovernanceStore.create({
        database: { getClient: async () => knex },
      });
      const logger = mockServices.logger.mock();
      let now = new Date('2026-03-01T00:00:00Z');
      const notifier = new GovernanceNotifier({
        notifications: {
          send: async () => Promise.reject(new Error('gone for good')),
        },
        store,
        stewards: { platform: ['group:default/platform-stewards'] },
        logger,
        expiryWarningDays: 14,
        membersOf: async () => [],
        now: () => now,
      });
      await notifier.scan([
        governedApp(entity, { models, riskMatrix: DEFAULT_RISK_MATRIX }),
      ]);
      for (let i = 0; i < MAX_NOTICE_ATTEMPTS + 2; i++) {
        now = new Date(now.getTime() + 7 * 60 * 60 * 1000);
        await notifier.retryDue();
      }
      const [row] = await knex('microapps_notices').select('state', 'attempts');
      expect(row).toMatchObject({
        state: 'failed',
        attempts: MAX_NOTICE_ATTEMPTS,
      });
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringContaining('giving up'),
      );
    });
  },
);
