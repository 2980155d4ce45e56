import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  buildRiskMatrix,
  microAppPermissions,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import { readIngestCaps, readReceiverConfig } from './config/receiverConfig';
import { DatabaseIngestKeyStore } from './database/DatabaseIngestKeyStore';
import { IngestKeys } from './services/Ingest/IngestKeys';
import {
  inlineOtlpDecoder,
  OtlpDecoderPool,
} from './services/Otlp/OtlpDecoderPool';
import { readUserHashSalt } from './config/userHashSalt';
import { DatabaseAppRecordStore } from './database/DatabaseAppRecordStore';
import { DatabaseGovernanceStore } from './database/DatabaseGovernanceStore';
import {
  microAppPermissionResourceRef,
  microAppPermissionRules,
  parseMicroAppResourceRef,
} from './permissions/rules';
import {
  readKillSwitchStewardRoles,
  readStewardGroups,
} from './permissions/stewardPolicy';
import { AppReadAccess } from './services/Access/AppReadAccess';
import { resourceOf } from './services/Governance/resourceOf';
import { GovernanceNotifier } from './services/Notifications/GovernanceNotifier';
import { createRouter } from './router';
import { GovernanceService } from './services/Governance/GovernanceService';
import { MarketplaceIndex } from './services/MarketplaceIndex/MarketplaceIndex';
import { DatabaseTelemetryStore } from './database/DatabaseTelemetryStore';
import { CostReports } from './services/Telemetry/CostReports';
import { DailyUsageCache } from './services/Telemetry/DailyUsageCache';
import {
  readRetentionWindows,
  scheduleRetention,
} from './services/Telemetry/retention';
import { TelemetryIngest } from './services/Telemetry/TelemetryIngest';

/**
 * The Trellis backend plugin, served under `/api/microapps`.
 *
 * @public
 */
export const microAppsPlugin = createBackendPlugin({
  pluginId: 'microapps',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const {
          auth,
          auditor,
          config,
          database,
          httpAuth,
          httpRouter,
          lifecycle,
          logger,
          scheduler,
          catalog,
        } = deps;
        const models = parseModelCatalog(
          config.getOptional('microapps.models'),
        );
        const riskMatrix = buildRiskMatrix(
          config.getOptional('microapps.risk'),
        );
        const appRecords = await DatabaseAppRecordStore.create({ database });
        const governanceStore = await DatabaseGovernanceStore.create({
          database,
        });
        const telemetryStore = await DatabaseTelemetryStore.create({
          database,
        });
        const telemetryConfig = config.getOptionalConfig('microapps.telemetry');
        // The index's usage figures come from the cost reports, which look
        // apps up in the index: the index is created after them.
        const created: { index?: MarketplaceIndex } = {};
        const appLookup = (): ReturnType<MarketplaceIndex['lookup']> => {
          if (!created.index) throw new Error('app index not ready');
          return created.index.lookup();
        };
        const costReports = new CostReports({
          store: telemetryStore,
          usage: new DailyUsageCache({ store: telemetryStore, logger }),
          appLookup,
        });
        const telemetryIngest = new TelemetryIngest({
          store: telemetryStore,
          appLookup,
          models,
          userHashSalt: readUserHashSalt(config),
          killedApps: async () =>
            new Set(await governanceStore.listEngagedKillSwitches()),
          spanKeyDays: readRetentionWindows(telemetryConfig).spanKeyDays,
          costMismatchTolerance: telemetryConfig?.getOptionalNumber(
            'costMismatchTolerance',
          ),
          caps: readIngestCaps(telemetryConfig),
        });

        const appIndex = new MarketplaceIndex({
          catalog,
          auth,
          logger,
          appRecords,
          governance: governanceStore,
          models,
          riskMatrix,
          usageFigures: () =>
            costReports.marketplaceFigures(
              new Date().toISOString().slice(0, 10),
            ),
        });
        created.index = appIndex;
        deps.permissionsRegistry.addResourceType({
          resourceRef: microAppPermissionResourceRef,
          permissions: microAppPermissions,
          rules: Object.values(microAppPermissionRules),
          // Conditional decisions on a resource ref (e.g. from the frontend's
          // usePermission) are applied to the app as the index knows it.
          getResources: async resourceRefs =>
            Promise.all(
              resourceRefs.map(async resourceRef => {
                const { entityRef, badge } =
                  parseMicroAppResourceRef(resourceRef);
                const app = await appIndex.findApp(entityRef);
                return app
                  ? resourceOf(app, {
                      badge,
                      killSwitch: await governanceStore.getKillSwitch(
                        entityRef,
                      ),
                    })
                  : undefined;
              }),
            ),
        });

        await appIndex.start(
          scheduler,
          config.getOptionalNumber(
            'microapps.marketplace.refreshIntervalSeconds',
          ) ?? 30,
        );

        const notifier = new GovernanceNotifier({
          notifications: deps.notifications,
          store: governanceStore,
          stewards: readStewardGroups(config),
          logger,
          expiryWarningDays:
            config.getOptionalNumber(
              'microapps.notifications.expiryWarningDays',
            ) ?? 14,
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
        const scanSeconds =
          config.getOptionalNumber(
            'microapps.notifications.scanIntervalSeconds',
          ) ?? 3600;
        await scheduler.scheduleTask({
          id: 'microapps-governance-notices',
          // Global: one replica scans at a time; the notice keys stop repeats anyway.
          scope: 'global',
          frequency: { seconds: scanSeconds },
          timeout: { minutes: 10 },
          initialDelay: { seconds: Math.min(scanSeconds, 60) },
          fn: async () =>
            notifier.scan((await appIndex.listApps()).map(({ app }) => app)),
        });

        const ruleset = deps.permissionsRegistry.getPermissionRuleset(
          microAppPermissionResourceRef,
        );
        const access = new AppReadAccess({
          permissions: deps.permissions,
          catalog,
          ruleset,
        });
        await scheduler.scheduleTask({
          id: 'microapps-governance-notice-retries',
          // Global: one replica at a time; notices are leased anyway.
          scope: 'global',
          frequency: { seconds: 60 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 60 },
          fn: () => notifier.retryDue(),
        });

        const ingestKeys = new IngestKeys({
          store: new DatabaseIngestKeyStore(await database.getClient()),
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          ruleset,
        });
        const governance = new GovernanceService({
          connectorExposures: () => appIndex.connectorExposures(),
          notifier,
          store: governanceStore,
          catalog,
          auth,
          access,
          stewards: readStewardGroups(config),
          killSwitchStewardRoles: readKillSwitchStewardRoles(config),
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          ruleset,
          models,
          riskMatrix,
          approvalTtlDays:
            config.getOptionalNumber('microapps.approvals.ttlDays') ?? 90,
          listApps: () => appIndex.listApps(),
          onApprovalsChanged: (app, approvals) =>
            appIndex.updateApp(app, approvals),
        });

        await scheduleRetention(
          scheduler,
          telemetryStore,
          telemetryConfig,
          logger,
        );

        const receiverConfig = readReceiverConfig(telemetryConfig);
        const decoder =
          receiverConfig.decodeWorkers > 0
            ? new OtlpDecoderPool({ workers: receiverConfig.decodeWorkers })
            : inlineOtlpDecoder;
        lifecycle.addShutdownHook(() => decoder.close());

        httpRouter.use(
          await createRouter({
            httpAuth,
            auditor,
            logger,
            governance,
            access,
            ingestKeys,
            marketplace: appIndex,
            appRecords,
            discovery: deps.discovery,
            models,
            riskMatrix,
            telemetry: {
              store: telemetryStore,
              costReports,
              ingest: telemetryIngest,
              ...receiverConfig,
              decoder,
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // The receiver authenticates itself: ingest keys are no Backstage tokens.
        httpRouter.addAuthPolicy({
          path: '/v1/traces',
          allow: 'unauthenticated',
        });
        httpRouter.addAuthPolicy({ path: '/public', allow: 'unauthenticated' });
      },
    });
  },
});
