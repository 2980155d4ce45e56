import {
  DEFAULT_VIOLATION_SEVERITY,
  type ViolationType,
} from '@trellis/plugin-microapps-common';
import { createHash } from 'crypto';
import type { OtlpSpan } from '../receiver/decodeOtlp';
import type { ViolationRecord } from './spanRecords';

/**
 * Longest text kept as it is inside a violation's de-duplication key, which
 * must fit a 255-character column beside a prefix and an hour.
 */
const MAX_KEY_PART_LENGTH = 160;

const boundedKeyPart = (part: string) =>
  part.length <= MAX_KEY_PART_LENGTH
    ? part
    : `sha256:${createHash('sha256').update(part).digest('hex')}`;

export type ViolationFields = Partial<
  Pick<ViolationRecord, 'rule' | 'decision' | 'severity' | 'detail'>
> & {
  source: ViolationRecord['source'];
};

/** The violations found on one span, each dated at the span's start. */
export class SpanViolations {
  readonly list: ViolationRecord[] = [];
  // One violation per type per span, however many events report it.
  private readonly types = new Set<ViolationType>();
  // Most spans have no violation: their Date is made only when one is added.
  private occurredAtDate?: Date;

  constructor(
    private readonly span: OtlpSpan,
    private readonly entityRef: string | null,
  ) {}

  private get occurredAt(): Date {
    this.occurredAtDate ??= new Date(this.span.startMs);
    return this.occurredAtDate;
  }

  /** A violation of the span, unless the span already has one of its type. */
  add(type: ViolationType, fields: ViolationFields) {
    if (this.types.has(type)) return;
    this.types.add(type);
    const rule = fields.rule ?? null;
    this.list.push({
      dedupeKey: `${this.span.traceId + this.span.spanId}:${type}`,
      entityRef: this.entityRef,
      type,
      severity: fields.severity ?? DEFAULT_VIOLATION_SEVERITY[type],
      rule,
      decision: fields.decision ?? null,
      traceId: this.span.traceId,
      spanId: this.span.spanId,
      occurredAt: this.occurredAt,
      detail: fields.detail ?? null,
      source: fields.source,
    });
  }

  /**
   * A derived violation keyed by what it is about and the hour instead of
   * by the span, so that it is stored once per subject and hour.
   */
  addHourly(
    type: 'killed_app_active' | 'unregistered_app',
    subject: string,
    hour: string,
    detail: string,
  ) {
    this.list.push({
      dedupeKey: `${type}:${boundedKeyPart(subject)}:${hour}`,
      entityRef: this.entityRef,
      type,
      severity: DEFAULT_VIOLATION_SEVERITY[type],
      rule: null,
      decision: null,
      traceId: this.span.traceId,
      spanId: this.span.spanId,
      occurredAt: this.occurredAt,
      detail,
      source: 'derived',
    });
  }
}
