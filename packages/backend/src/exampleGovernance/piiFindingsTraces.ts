import { randomBytes } from 'crypto';

/** An OTLP/JSON attribute with a string value. */
const text = (key: string, value: string) => ({
  key,
  value: { stringValue: value },
});

/**
 * An OTLP/JSON `ExportTraceServiceRequest` for one app: `count` traces of one
 * span each, every span with a `trellis.policy` event that redacted an
 * e-mail address (docs/CONVENTIONS.md), timed just before `now`.
 */
export function piiFindingsTraces(options: {
  app: string;
  count: number;
  now?: Date;
}): object {
  const end = BigInt(options.now?.getTime() ?? Date.now()) * 1_000_000n;
  const spans = Array.from({ length: options.count }, (_, index) => {
    // One second apart, the last ending now.
    const spanEnd = end - BigInt(options.count - 1 - index) * 1_000_000_000n;
    const spanStart = spanEnd - 400_000_000n;
    return {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: 'guard personal data',
      kind: 1,
      startTimeUnixNano: spanStart.toString(),
      endTimeUnixNano: spanEnd.toString(),
      events: [
        {
          name: 'trellis.policy',
          timeUnixNano: (spanStart + 100_000_000n).toString(),
          attributes: [
            text('trellis.policy.decision', 'redact'),
            text('trellis.policy.violation', 'pii_detected'),
            text('trellis.policy.rule', 'pii.email'),
          ],
        },
      ],
    };
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [text('service.name', options.app)] },
        scopeSpans: [{ scope: { name: 'trellis-example-governance' }, spans }],
      },
    ],
  };
}
