import {
  microsToUsd,
  type ModelCatalogEntry,
} from '@trellis/plugin-microapps-common';
import { catalogCostMicros } from '../ingest/catalogCost';
import type { UsageSums } from '../TelemetryStore';

/** A cheaper approved model for the same usage, and what it would save a month. */
export interface ModelSwitchHint {
  model: string;
  /** The saving at catalog prices over the period, scaled to a month. */
  monthlySavingUsd: number;
  /** Whether it is of the same provider (otherwise of the same hosting class). */
  sameProvider: boolean;
}

/**
 * The approved catalog model of the same provider or the same hosting class
 * (enterprise, public) that would have cost least for the same tokens, when
 * it is cheaper than the model used: both priced from the catalog, so the
 * comparison is like for like. Only approved models are offered, never one
 * on unvetted hosting, and none for a model the catalog does not list.
 * `monthFactor` scales the period to a month (days in month / days of the
 * period so far).
 */
export function modelSwitchHint(
  model: string,
  sums: UsageSums,
  catalog: readonly ModelCatalogEntry[],
  monthFactor: number,
): ModelSwitchHint | undefined {
  const current = catalog.find(entry => entry.id === model);
  if (!current) return undefined;
  const costOf = (id: string) =>
    catalogCostMicros(
      id,
      sums.inputTokens,
      sums.outputTokens,
      sums.cachedInputTokens,
      catalog,
    ) ?? 0;
  const currentCost = costOf(model);
  let best: ModelSwitchHint | undefined;
  let bestSaving = 0;
  for (const candidate of catalog) {
    if (candidate.id === model || candidate.status !== 'approved') continue;
    if (candidate.hosting === 'unvetted') continue;
    const sameProvider = candidate.provider === current.provider;
    if (!sameProvider && candidate.hosting !== current.hosting) continue;
    const saving = currentCost - costOf(candidate.id);
    if (saving > bestSaving) {
      bestSaving = saving;
      best = {
        model: candidate.id,
        monthlySavingUsd: microsToUsd(Math.round(saving * monthFactor)),
        sameProvider,
      };
    }
  }
  return best;
}
