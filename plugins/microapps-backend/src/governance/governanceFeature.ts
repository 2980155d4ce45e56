import type {
  AuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import type { StewardRole } from '@trellis/plugin-microapps-common';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { StewardGroups } from '@trellis/plugin-microapps-node';
import type { AppReadAccess } from '../registry/AppReadAccess';
import type { AppRegistry } from '../registry/AppRegistry';
import type { PromotionBlock } from './appGovernance';
import { Approvals } from './approvals/Approvals';
import type { GovernanceStore } from './GovernanceStore';
import { GovernanceGuard } from './GovernanceGuard';
import {
  KillSwitches,
  type KillSwitchesOptions,
} from './killSwitch/KillSwitches';
import { ShortLived } from '../shared/ShortLived';
import { scheduleOf, type TaskSchedules } from '../shared/taskSchedules';
import { GovernanceNotifier } from './notifications/GovernanceNotifier';
import { ReviewInbox } from './reviews/ReviewInbox';

/** How long a replica keeps the list of engaged kill switches. */
const ENGAGED_KILL_SWITCHES_TTL_MS = 1000;

/** Approvals, kill switches, the review inbox and the notices that tell people about them. */
export async function createGovernanceFeature(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  scheduler: SchedulerService;
  notificationService: NotificationService;
  ruleset: PermissionRuleset<MicroAppResource>;
  store: GovernanceStore;
  registry: AppRegistry;
  access: AppReadAccess;
  stewards: StewardGroups;
  killSwitchStewardRoles: StewardRole[];
  approvalTtlDays: number;
  appApprovalTtlDays?: ReadonlyMap<string, number>;
  notifications: { expiryWarningDays: number; scanIntervalSeconds: number };
  /** `microapps.schedules`; the notice tasks' come from here when set. */
  schedules?: TaskSchedules;
  /** Promotions that enforcing policies hold for an app. */
  promotionBlocks?: (entityRef: string) => Promise<PromotionBlock[]>;
  /** Told after a release was requested or a switch released (the incident timeline). */
  onReleaseRequested?: KillSwitchesOptions['onReleaseRequested'];
  onReleased?: KillSwitchesOptions['onReleased'];
}) {
  const { catalog, auth, store, registry } = options;
  const guard = new GovernanceGuard(options);
  const notifier = new GovernanceNotifier({
    notifications: options.notificationService,
    store,
    stewards: options.stewards,
    logger: options.logger,
    expiryWarningDays: options.notifications.expiryWarningDays,
    membersOf: async groupRef => {
      const { items } = await catalog.getEntities(
        {
          filter: { kind: 'User', 'relations.memberOf': groupRef },
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return items.map(user => stringifyEntityRef(user));
    },
  });
  await scheduleNotices(options.scheduler, notifier, registry, options);
  const engagedKillSwitches = new ShortLived(
    async (): Promise<ReadonlySet<string>> =>
      new Set(await store.listEngagedKillSwitches()),
    ENGAGED_KILL_SWITCHES_TTL_MS,
  );
  const killSwitches = new KillSwitches({
    ...options,
    guard,
    onChanged: () => engagedKillSwitches.forget(),
  });
  return {
    guard,
    notifier,
    killSwitches,
    /** Lower-case refs of the apps whose switch is on, read at most once a second (the receiver asks per request). */
    engagedKillSwitches,
    approvals: new Approvals({
      store,
      guard,
      killSwitches,
      notifier,
      approvalTtlDays: options.approvalTtlDays,
      appApprovalTtlDays: options.appApprovalTtlDays,
      promotionBlocks: options.promotionBlocks,
      onApprovalsChanged: app => registry.updateApp(app),
    }),
    inbox: new ReviewInbox({
      ...options,
      guard,
      listApps: () => registry.listApps(),
    }),
  };
}

export type GovernanceFeature = Awaited<
  ReturnType<typeof createGovernanceFeature>
>;

async function scheduleNotices(
  scheduler: SchedulerService,
  notifier: GovernanceNotifier,
  registry: AppRegistry,
  options: {
    notifications: { scanIntervalSeconds: number };
    schedules?: TaskSchedules;
  },
) {
  const scanSeconds = options.notifications.scanIntervalSeconds;
  await scheduler.scheduleTask({
    id: 'microapps-governance-notices',
    // Global whatever the schedule: one replica scans at a time; the notice
    // keys stop repeats anyway.
    scope: 'global',
    ...scheduleOf(options.schedules, 'governanceNotices', {
      frequency: { seconds: scanSeconds },
      timeout: { minutes: 10 },
      initialDelay: { seconds: Math.min(scanSeconds, 60) },
    }),
    fn: async () =>
      notifier.scan((await registry.listApps()).map(({ app }) => app)),
  });
  await scheduler.scheduleTask({
    id: 'microapps-governance-notice-retries',
    // Global whatever the schedule: one replica at a time; notices are
    // leased anyway.
    scope: 'global',
    ...scheduleOf(options.schedules, 'governanceNoticeRetries', {
      frequency: { seconds: 60 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 60 },
    }),
    fn: () => notifier.retryDue(),
  });
}
