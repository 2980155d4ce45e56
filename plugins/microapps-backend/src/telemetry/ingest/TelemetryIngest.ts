import {
  DEFAULT_INGEST_CAPS,
  type ModelCatalogEntry,
  usdToMicros,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { hash } from 'crypto';
import type { IngestCaps, TelemetryStore } from '../TelemetryStore';
import type { IngestIdentity } from '../receiver/IngestKeys';
import type { GovernedApp } from '../../registry/governedApp';
import type { DecodedTraces } from '../receiver/decodeOtlp';
import type { AppFacts } from './extractionContext';
import { extractSpanRecords } from './extractSpanRecords';

export interface TelemetryIngestOptions {
  store: TelemetryStore;
  /** Resolves registered apps by lower-case entity ref (the marketplace index). */
  appLookup: () => Promise<(entityRef: string) => GovernedApp | undefined>;
  models: readonly ModelCatalogEntry[];
  /** Mixed into user id hashes so that they cannot be matched against other systems' hashes. */
  userHashSalt: string;
  /** Lower-case entity refs of the apps whose kill switch is on; asked per request, so it should answer from memory. */
  killedApps?: () => Promise<ReadonlySet<string>>;
  /** Days span keys are kept (retention.spanKeyDays): older spans are refused. */
  spanKeyDays?: number;
  /** Fraction by which a self-reported cost may differ from the catalog price. */
  costMismatchTolerance?: number;
  /** Per key and day: most unregistered apps and unknown models stored. */
  caps?: Omit<IngestCaps, 'keyId'>;
}

const DAY_MS = 86_400_000;

export interface IngestResult {
  /** Why spans were rejected, one entry per span. */
  rejected: string[];
  newSpans: number;
  duplicateSpans: number;
  /** The registered apps (lower-case refs) whose spans carried violations, and their types: the policies look at them next. */
  appsWithViolations: Array<{ entityRef: string; types: ViolationType[] }>;
}

const appFacts = (app: GovernedApp): AppFacts => ({
  entityRef: app.entityRef.toLocaleLowerCase('en-US'),
  lifecycle: app.entity.spec.lifecycle,
  models: app.entity.spec.models,
  pii: app.entity.spec.data.pii,
  monthlyBudgetUsd: app.entity.spec.limits?.monthlyBudgetUsd,
});

/** Decoded OTLP spans in, committed usage and violations out. */
export class TelemetryIngest {
  constructor(private readonly options: TelemetryIngestOptions) {
    const tolerance = options.costMismatchTolerance;
    if (tolerance !== undefined && !(tolerance >= 0 && tolerance <= 10)) {
      throw new Error(
        `microapps.telemetry.costMismatchTolerance must be a fraction from 0 to 10 (0.05 is 5 %), got ${tolerance}`,
      );
    }
  }

  // One-shot hash: a Hash object per span costs twice as much.
  hashUser = (id: string): string =>
    hash('sha256', `${this.options.userHashSalt}\u0000${id}`, 'hex').slice(
      0,
      32,
    );

  /**
   * Resolves only after everything accepted is committed; throws if the
   * database fails. An app key's spans belong to its app; a gateway's (or a
   * static token's) to the app each resource names.
   */
  async ingest(
    decoded: DecodedTraces,
    identity: IngestIdentity = { keyId: 'unknown' },
    now = new Date(),
  ): Promise<IngestResult> {
    const [lookup, killed] = await Promise.all([
      this.options.appLookup(),
      this.options.killedApps?.() ?? new Set<string>(),
    ]);
    const facts = new Map<string, AppFacts | undefined>();
    const findApp = (entityRef: string) => {
      if (!facts.has(entityRef)) {
        const app = lookup(entityRef);
        facts.set(entityRef, app && appFacts(app));
      }
      return facts.get(entityRef);
    };
    // A request carries the same few users many times over.
    const userHashes = new Map<string, string>();
    const hashUser = (id: string) => {
      let known = userHashes.get(id);
      if (known === undefined) {
        known = this.hashUser(id);
        userHashes.set(id, known);
      }
      return known;
    };
    const { records, rejected } = extractSpanRecords(decoded, {
      findApp,
      speaksFor: identity.entityRef,
      isKilled: entityRef => killed.has(entityRef),
      models: this.options.models,
      hashUser,
      costMismatchTolerance: this.options.costMismatchTolerance,
      oldestStartMs:
        this.options.spanKeyDays === undefined
          ? undefined
          : now.getTime() - this.options.spanKeyDays * DAY_MS,
    });
    const budgets = new Map<string, number>();
    for (const app of facts.values()) {
      if (app?.monthlyBudgetUsd !== undefined)
        budgets.set(app.entityRef, usdToMicros(app.monthlyBudgetUsd));
    }
    const outcome = await this.options.store.ingest(records, budgets, now, {
      keyId: identity.keyId,
      ...(this.options.caps ?? DEFAULT_INGEST_CAPS),
    });
    const appsWithViolations = new Map<string, Set<ViolationType>>();
    for (const record of records) {
      for (const violation of record.violations) {
        if (violation.entityRef && findApp(violation.entityRef)) {
          const types =
            appsWithViolations.get(violation.entityRef) ?? new Set();
          appsWithViolations.set(
            violation.entityRef,
            types.add(violation.type),
          );
        }
      }
    }
    return {
      appsWithViolations: [...appsWithViolations].map(([entityRef, types]) => ({
        entityRef,
        types: [...types],
      })),
      newSpans: outcome.newSpans,
      duplicateSpans: outcome.duplicateSpans,
      rejected: [...decoded.rejected, ...rejected, ...outcome.rejected],
    };
  }
}
