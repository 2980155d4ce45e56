import type {
  LifecycleStage,
  ModelCatalogEntry,
  PiiHandling,
} from '@trellis/plugin-microapps-common';

/** What ingest needs to know about a registered MicroApp. */
export interface AppFacts {
  entityRef: string;
  lifecycle: LifecycleStage;
  models: readonly string[];
  pii: PiiHandling;
  monthlyBudgetUsd?: number;
}

export interface ExtractionContext {
  /** The registered app for a lower-case entity ref, if any. */
  findApp(entityRef: string): AppFacts | undefined;
  /**
   * For an app key: the app (lower-case entity ref) every span belongs to.
   * A resource that names another app is refused.
   */
  speaksFor?: string;
  /** Whether the app's kill switch is on (lower-case entity ref). */
  isKilled?(entityRef: string): boolean;
  models: readonly ModelCatalogEntry[];
  hashUser(id: string): string;
  /**
   * Spans that started before this time (epoch ms) are refused: their keys
   * may already be forgotten, so a re-sent one could not be recognised.
   */
  oldestStartMs?: number;
  /** Most violations one request may record; spans past it are refused. */
  maxViolations?: number;
  /**
   * How far a self-reported cost may differ from the catalog price, as a
   * fraction of it, before it is a `cost_mismatch` (default 0.05).
   */
  costMismatchTolerance?: number;
}

/** Default of {@link ExtractionContext.costMismatchTolerance}. */
export const COST_MISMATCH_TOLERANCE = 0.05;

/** Default of {@link ExtractionContext.maxViolations}. */
export const MAX_VIOLATIONS_PER_REQUEST = 2_000;
