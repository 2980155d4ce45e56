import type {
  PolicyDecision,
  ViolationSeverity,
  ViolationType,
} from '@trellis/plugin-microapps-common';

/** One model call, for the hourly and daily rollups. */
export interface UsageRecord {
  entityRef: string;
  model: string;
  /** UTC hour and day of the span's start: `2026-10-01T09`, `2026-10-01`. */
  hour: string;
  day: string;
  /** The span's start, epoch milliseconds. */
  startMs: number;
  /**
   * The span's duration (end − start) in ms, for the latency histogram;
   * absent when the span has no end, ends before it starts or lasted over
   * an hour. Its usage counts all the same.
   */
  durationMs?: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** What Trellis charges, in whole micro-dollars: the catalog price for a known model. */
  costMicros: number;
  /** What the span said it cost (`gen_ai.usage.cost`), in micro-dollars, if it said. */
  reportedCostMicros?: number;
  error: boolean;
  userHash?: string;
}

export interface ViolationRecord {
  /** Unique per violation, so that a re-sent span or a repeated finding is stored once. */
  dedupeKey: string;
  entityRef: string | null;
  type: ViolationType;
  severity: ViolationSeverity;
  rule: string | null;
  decision: PolicyDecision | null;
  traceId: string | null;
  spanId: string | null;
  occurredAt: Date;
  detail: string | null;
  source: 'reported' | 'derived';
}

/** Everything Trellis keeps of one span; spans with nothing to keep produce no record. */
export interface SpanRecord {
  /** Trace id + span id, the de-duplication key. */
  spanKey: string;
  usage?: UsageRecord;
  violations: ViolationRecord[];
  /** The app the spans claimed when it is not registered (lower-case ref). */
  unregisteredRef?: string;
  /** The model, when the catalog does not know it. */
  unknownModel?: string;
  /** Where the span is in the request, for a refusal's message. */
  where?: string;
}
