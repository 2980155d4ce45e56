import { createBackendModule } from '@backstage/backend-plugin-api';
import { random } from './benchSupport';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  LIFECYCLE_STAGES,
  MICROAPP_API_VERSION,
  MICROAPP_KIND,
  MICROAPP_TYPES,
  type MicroAppEntity,
  PII_HANDLING,
  REACH_VALUES,
} from '@trellis/plugin-microapps-common';

const SUBJECTS = [
  'invoice',
  'contract',
  'ticket',
  'lead',
  'payroll',
  'survey',
  'incident',
  'policy',
  'resume',
  'expense',
  'campaign',
  'release',
  'meeting',
  'claim',
  'order',
];
const VERBS = [
  'summarizer',
  'triage',
  'extractor',
  'assistant',
  'digest',
  'classifier',
  'checker',
  'drafter',
  'router',
  'insights',
];
const TAGS = [
  'finance',
  'hr',
  'sales',
  'support',
  'legal',
  'marketing',
  'ops',
  'security',
  'analytics',
  'gdpr',
  'sox',
  'internal-tools',
];
const CONNECTORS = [
  'salesforce',
  'jira',
  'slack',
  'snowflake',
  'workday',
  'zendesk',
  'sharepoint',
  'servicenow',
];

/** `count` valid MicroApps spread over `teams` owning groups. */
export function generateMicroApps(
  count: number,
  modelIds: string[],
  teams = 50,
): MicroAppEntity[] {
  const next = random(42);
  const pick = <T>(values: readonly T[]): T =>
    values[Math.floor(next() * values.length)];
  const some = <T>(values: readonly T[], max: number): T[] =>
    Array.from(
      new Set(
        Array.from({ length: 1 + Math.floor(next() * max) }, () =>
          pick(values),
        ),
      ),
    );

  return Array.from({ length: count }, (_, i) => {
    const subject = pick(SUBJECTS);
    const verb = pick(VERBS);
    const name = `${subject}-${verb}-${i}`;
    const tags = some(TAGS, 3);
    return {
      apiVersion: MICROAPP_API_VERSION,
      kind: MICROAPP_KIND,
      metadata: {
        name,
        title: `${subject[0].toUpperCase()}${subject.slice(1)} ${verb} #${i}`,
        description: `Generated ${verb} for ${subject} work, tagged ${tags.join(
          ', ',
        )}.`,
        tags,
      },
      spec: {
        type: pick(MICROAPP_TYPES),
        lifecycle: pick(LIFECYCLE_STAGES),
        owner: `group:default/team-${i % teams}`,
        version: `1.${i % 10}.0`,
        costCenter: `CC-${1000 + (i % teams)}`,
        reach: pick(REACH_VALUES),
        data: {
          classifications: some(DATA_CLASSES, 2),
          pii: pick(PII_HANDLING),
        },
        connectors: some(CONNECTORS, 2).map(connector => ({
          name: `resource:default/${connector}`,
          exposure:
            next() < 0.5 ? ('internal' as const) : ('third-party' as const),
          access: next() < 0.7 ? ('read' as const) : ('write' as const),
        })),
        models: some(modelIds, 2),
        limits: { monthlyBudgetUsd: Math.round(next() * 2000) },
        dependencies: { risk: pick(DEPENDENCY_RISK_LEVELS) },
      },
    };
  });
}

/**
 * A catalog module whose entity provider hands the generated MicroApps to a
 * real catalog, where the MicroApp module processes them like any other.
 */
export function generatedAppsModule(entities: MicroAppEntity[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-generated-apps',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'bench-generated-apps',
            connect: async connection => {
              await connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      annotations: {
                        'backstage.io/managed-by-location':
                          'url:https://bench.example/apps',
                        'backstage.io/managed-by-origin-location':
                          'url:https://bench.example/apps',
                      },
                    },
                  },
                  locationKey: 'bench-generated-apps',
                })),
              });
            },
          });
        },
      });
    },
  });
}
