import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  LIFECYCLE_STAGES,
  type MarketplaceItem,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { todayUtc } from '../Costs/costPeriods';

/** The most apps the card lists; a team with more sees the costliest. */
const MAX_APPS = 100;

export interface AppRow {
  item: MarketplaceItem;
  /** This calendar month so far (UTC). */
  monthUsd: number;
  /** `spec.limits.monthlyBudgetUsd`. */
  budgetUsd?: number;
}

export interface GroupMicroApps {
  rows: AppRow[];
  /**
   * The team's monthly budget as the cost report counts it (every app of the
   * team with a budget, decommissioned ones left out), as on the costs page.
   */
  budgetUsd?: number;
  totalItems: number;
  month: string;
}

const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The costliest micro-apps the group owns, each with its month so far and
 * its monthly budget, and how many it owns in all.
 */
export function useGroupMicroApps(groupRef: string) {
  const api = useApi(microAppsApiRef);
  const catalogApi = useApi(catalogApiRef);

  return useAsync(async (): Promise<GroupMicroApps> => {
    const today = todayUtc();
    const month = today.slice(0, 7);
    const page = await api.listApps({
      owner: [groupRef],
      // Every app it owns: drafts and decommissioned ones cost money too.
      lifecycle: [...LIFECYCLE_STAGES],
      sort: 'cost',
      limit: MAX_APPS,
    });
    if (page.items.length === 0) {
      return { rows: [], totalItems: page.totalItems, month };
    }
    const [report, manifests] = await Promise.all([
      // The month so far, per app of the team (the groups are apps with usage).
      api.getCostReport('app', {
        from: `${month}-01`,
        to: today,
        owner: groupRef,
      }),
      // Budgets come from the manifests, so that apps without usage have one too.
      catalogApi
        .getEntitiesByRefs({
          entityRefs: page.items.map(item => item.entityRef),
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'spec.limits',
          ],
        })
        .then(response => response.items)
        .catch(() => [] as Array<Entity | undefined>),
    ]);
    const groups = new Map(report.groups.map(g => [refKey(g.key), g]));
    return {
      month,
      totalItems: page.totalItems,
      budgetUsd: report.budgetUsd,
      rows: page.items.map((item, index) => {
        const group = groups.get(refKey(item.entityRef));
        const manifest = manifests[index] as MicroAppEntity | undefined;
        return {
          item,
          monthUsd: group?.monthToDateUsd ?? group?.costUsd ?? 0,
          budgetUsd:
            manifest?.spec?.limits?.monthlyBudgetUsd ?? group?.budgetUsd,
        };
      }),
    };
  }, [api, catalogApi, groupRef]);
}
