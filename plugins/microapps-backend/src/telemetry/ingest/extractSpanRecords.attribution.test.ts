/*
 * extractSpanRecords, which app spans are counted for: the claimed app,
 * unknown apps, refs too long, killed apps, and spans too old to count.
 */
import { claimedApp } from './attribution';
import { app, extract, span } from '../../__testUtils__/spanRecordsKit';

describe('extractSpanRecords', () => {
  it('attributes by trellis.microapp.ref first, then by service.name', () => {
    expect(
      claimedApp(
        new Map([
          ['trellis.microapp.ref', 'microapp:Default/Notes'],
          ['service.name', 'x'],
        ]),
      ).entityRef,
    ).toBe('microapp:default/notes');
    expect(claimedApp(new Map([['service.name', 'Notes']])).entityRef).toBe(
      'microapp:default/notes',
    );
    expect(claimedApp(new Map()).entityRef).toBeUndefined();
  });

  it('records spans of an unknown app once per hour as unregistered_app, with their usage', () => {
    const result = extract({ 'service.name': 'shadow-bot' }, [
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 10,
      }),
      span({
        'gen_ai.request.model': 'approved-m',
        'gen_ai.usage.input_tokens': 10,
      }),
      span({ 'http.route': '/health' }), // not a model call: nothing to keep
    ]);
    expect(result.records).toHaveLength(2);
    // Once per hour in the request too, not on every span.
    expect(
      result.records.flatMap(r => r.violations.map(v => v.dedupeKey)),
    ).toEqual(['unregistered_app:microapp:default/shadow-bot:2026-11-02T10']);
    expect(result.records[0].usage?.entityRef).toBe(
      'microapp:default/shadow-bot',
    );
  });

  it('refuses the spans of a ref that is too long once lower-cased, and only those', () => {
    // 130 × İ: 130 characters as sent, 260 once lower-cased.
    const long = extract(
      { 'trellis.microapp.ref': `microapp:default/${'İ'.repeat(130)}` },
      [
        span({ 'gen_ai.request.model': 'approved-m' }),
        span({ 'gen_ai.request.model': 'approved-m' }),
      ],
    );
    expect(long.records).toEqual([]);
    expect(long.rejected).toHaveLength(2);
    expect(long.rejected[0]).toContain(
      'trellis.microapp.ref makes an entity ref of',
    );
    const fine = extract({ 'service.name': 'notes' }, [
      span({ 'gen_ai.request.model': 'approved-m' }),
    ]);
    expect(fine.rejected).toEqual([]);
  });

  it('records spans of an app whose kill switch is on as killed_app_active, once per hour', () => {
    const result = extract(
      { 'service.name': 'notes' },
      [
        span({ 'gen_ai.request.model': 'approved-m' }),
        span({}),
        span({ 'gen_ai.request.model': 'approved-m' }),
      ],
      { isKilled: ref => ref === app.entityRef },
    );
    const killed = result.records.flatMap(r =>
      r.violations.filter(v => v.type === 'killed_app_active'),
    );
    expect(killed).toHaveLength(1);
    expect(killed[0]).toMatchObject({ severity: 'high', source: 'derived' });
    // The usage is still counted: the spend happened; the span without a
    // model call has nothing else to keep.
    expect(result.records.map(r => r.usage?.model)).toEqual([
      'approved-m',
      'approved-m',
    ]);
  });

  it('does not count the kill-switch finding of every span against the findings limit', () => {
    const spans = Array.from({ length: 5 }, () =>
      span({ 'gen_ai.request.model': 'approved-m' }),
    );
    const result = extract({ 'service.name': 'notes' }, spans, {
      isKilled: ref => ref === app.entityRef,
      maxViolations: 2,
    });
    expect(result.rejected).toEqual([]);
    expect(result.records).toHaveLength(5);
  });

  it('refuses spans that started before the span-key window, saying why', () => {
    const old = span({ 'gen_ai.request.model': 'approved-m' });
    const result = extract({ 'service.name': 'notes' }, [old], {
      oldestStartMs: old.startMs + 1,
    });
    expect(result.records).toEqual([]);
    expect(result.rejected[0]).toContain(
      'spans older than the span-key window are refused',
    );
  });
});
