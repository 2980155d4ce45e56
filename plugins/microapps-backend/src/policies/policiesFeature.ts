import type {
  LoggerService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ModelCatalogEntry } from '@trellis/plugin-microapps-common';
import type { StewardGroups } from '@trellis/plugin-microapps-node';
import type { GovernanceStore } from '../governance/GovernanceStore';
import type { GovernanceFeature } from '../governance/governanceFeature';
import { openOrExtendIncident } from '../incidents/incidentWrites';
import type { AppRegistry } from '../registry/AppRegistry';
import { scheduleOf, type TaskSchedules } from '../shared/taskSchedules';
import type { TelemetryStore } from '../telemetry/TelemetryStore';
import type { PolicyFiringStore } from './firings/PolicyFiringStore';
import { createPolicyActions } from './firings/policyActions';
import { PolicyEngine } from './firings/PolicyEngine';
import { createPolicyInputBuilder, manifestInput } from './policyInputs';
import { type PolicyLocation, PolicyLoader } from './PolicyLoader';

/** `microapps.policies`, as the plugin's config reader checked it. */
export interface PolicySettings {
  locations: PolicyLocation[];
  refreshIntervalSeconds: number;
  /** Seconds between scheduled evaluations of every policy for every app. */
  evaluateIntervalSeconds: number;
}

/**
 * The policy packs, kept fresh; the input a policy is evaluated against; and
 * the engine that evaluates them on ingest and on a schedule and acts on
 * what fires.
 */
export async function createPoliciesFeature(options: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  scheduler: SchedulerService;
  settings: PolicySettings;
  /** `microapps.schedules`; the policy tasks' come from here when set. */
  schedules?: TaskSchedules;
  stewards: StewardGroups;
  models: readonly ModelCatalogEntry[];
  registry: AppRegistry;
  stores: {
    governance: GovernanceStore;
    telemetry: TelemetryStore;
    policyFirings: PolicyFiringStore;
  };
  governance: Pick<
    GovernanceFeature,
    'notifier' | 'killSwitches' | 'engagedKillSwitches'
  >;
}) {
  const { registry, settings, logger, stores, governance } = options;
  const loader = new PolicyLoader({
    locations: settings.locations,
    urlReader: options.urlReader,
    logger,
  });
  await loader.start(
    options.scheduler,
    settings.refreshIntervalSeconds,
    options.schedules,
  );
  const inputOf = createPolicyInputBuilder({
    telemetry: stores.telemetry,
    approvals: entityRef => stores.governance.listApprovals(entityRef),
    killSwitchOn: async ref => (await governance.killSwitches.get(ref)).enabled,
    digestSince: async entityRef => {
      const key = entityRef.toLocaleLowerCase('en-US');
      const entry = (await registry.listApps()).find(
        ({ app }) => app.entityRef.toLocaleLowerCase('en-US') === key,
      );
      return entry?.digestSince ? new Date(entry.digestSince) : undefined;
    },
    models: options.models,
  });
  const engine = new PolicyEngine({
    policies: async () => (await loader.policySet()).policies,
    inputOf,
    manifestOf: app => manifestInput(app, options.models),
    listApps: async () => (await registry.listApps()).map(({ app }) => app),
    findApp: () => registry.lookup(),
    store: stores.policyFirings,
    traceIdsOf: async (entityRef, types, from, limit) => {
      const { items } = await stores.telemetry.listViolations(
        {
          entityRefs: [entityRef.toLocaleLowerCase('en-US')],
          types: [...types],
          from,
        },
        { limit, offset: 0 },
      );
      return [...new Set(items.flatMap(v => (v.traceId ? [v.traceId] : [])))];
    },
    openIncident: async (tx, firing) =>
      (await openOrExtendIncident(tx, firing)).incidentId,
    actions: createPolicyActions({
      killSwitches: stores.governance,
      notifier: governance.notifier,
      stewards: options.stewards,
      onKillSwitchEngaged: () => governance.engagedKillSwitches.forget(),
    }),
    logger,
  });
  await scheduleEvaluation(options.scheduler, engine, logger, {
    seconds: settings.evaluateIntervalSeconds,
    schedules: options.schedules,
  });
  return { loader, inputOf, engine, firings: stores.policyFirings };
}

export type PoliciesFeature = Awaited<ReturnType<typeof createPoliciesFeature>>;

async function scheduleEvaluation(
  scheduler: SchedulerService,
  engine: PolicyEngine,
  logger: LoggerService,
  { seconds, schedules }: { seconds: number; schedules?: TaskSchedules },
) {
  await scheduler.scheduleTask({
    id: 'microapps-policies-evaluate',
    // Global whatever the schedule: one replica evaluates at a time; the
    // firing store keeps a trigger from firing twice anyway.
    scope: 'global',
    ...scheduleOf(schedules, 'policiesEvaluate', {
      frequency: { seconds },
      timeout: { minutes: 10 },
      initialDelay: { seconds: Math.min(seconds, 30) },
    }),
    fn: async () => {
      try {
        await engine.finishPendingActions();
        await engine.evaluateAll();
      } catch (error) {
        logger.error(`Could not evaluate the policies: ${error}`);
      }
    },
  });
}
