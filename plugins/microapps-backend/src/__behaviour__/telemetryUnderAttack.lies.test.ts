/*
 * The receiver against a client that lies, on a portal of real parts
 * (signedInPortal.ts) and every database TestDatabases reaches. This part, spans that lie: a
 * self-reported cost of zero, numbers written as hex, a span with thousands
 * of policy events, an app ref that outgrows its column when lower-cased, a
 * batch replayed after the span-key window, and spans from an app whose kill
 * switch is on. Floods (uploads that never finish, 100,000 spans that each
 * claim a new app and a new model) are telemetryUnderAttack.floods.test.ts.
 */
import {
  APP,
  APPS,
  CALL_MICROS,
  DAY_MS,
  describeUnderAttack,
  modelCall,
  traces,
} from '../__testUtils__/telemetryAttack';

describeUnderAttack(attack => {
  const { as, send } = attack;

  const costOf = async () =>
    (await as('sam').get(`${APPS}/${APP}/costs`)).body.totals;
  const violationsOf = async (type: string) =>
    (
      await as('sam').get(
        `/api/microapps/violations?type=${type}&entityRef=microapp:default/${APP}&limit=200`,
      )
    ).body;

  it('charges the catalog price whatever cost a span reports, and records the mismatch', async () => {
    const before = await costOf();
    const mismatchesBefore = (await violationsOf('cost_mismatch')).totalItems;
    const res = await send(
      attack.appKey,
      traces([
        {
          spans: [
            modelCall({ 'gen_ai.usage.cost': '0' }),
            // Within the tolerance (5 %) of the catalog price: no finding.
            modelCall({ 'gen_ai.usage.cost': String(CALL_MICROS / 1e6) }),
          ],
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess?.rejectedSpans ?? '0').toBe('0');
    const after = await costOf();
    expect(after.requests).toBe(before.requests + 2);
    expect(Math.round(after.costUsd * 1e6)).toBe(
      Math.round(before.costUsd * 1e6) + 2 * CALL_MICROS,
    );
    const mismatches = await violationsOf('cost_mismatch');
    expect(mismatches.totalItems).toBe(mismatchesBefore + 1);
  });

  it('refuses numbers that are not written plainly, naming the attribute', async () => {
    const before = await costOf();
    const res = await send(
      attack.appKey,
      traces([
        {
          spans: ['0x10', '', ' 1', '1e3'].map(written =>
            modelCall({ 'gen_ai.usage.input_tokens': written }),
          ),
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe('4');
    expect(res.body.partialSuccess.errorMessage).toContain(
      'gen_ai.usage.input_tokens',
    );
    expect((await costOf()).requests).toBe(before.requests);
  });

  it('records one violation per type for a span with 3,000 policy events', async () => {
    const before = (await violationsOf('pii_detected')).totalItems;
    const events = Array.from({ length: 3000 }, (_, i) => ({
      'trellis.policy.decision': 'redact',
      'trellis.policy.violation': 'pii_detected',
      'trellis.policy.rule': `pii.rule-${i}`,
    }));
    const res = await send(
      attack.appKey,
      traces([{ spans: [{ ...modelCall(), events }] }]),
    );
    expect(res.status).toBe(200);
    expect((await violationsOf('pii_detected')).totalItems).toBe(before + 1);
  });

  it('rejects the span whose app ref outgrows its column when lower-cased, and keeps the rest of its batch', async () => {
    const before = await costOf();
    // 200 × İ is 200 characters; lower-cased, 400.
    const res = await send(
      attack.gatewayKey,
      traces([
        {
          resource: {
            'trellis.microapp.ref': `microapp:default/${'İ'.repeat(200)}`,
          },
          spans: [modelCall()],
        },
        {
          resource: { 'trellis.microapp.ref': `microapp:default/${APP}` },
          spans: [modelCall()],
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe('1');
    expect(res.body.partialSuccess.errorMessage).toContain(
      'trellis.microapp.ref',
    );
    expect((await costOf()).requests).toBe(before.requests + 1);
  });

  it('refuses spans older than the span-key window, so that a replay cannot count twice', async () => {
    const before = await costOf();
    const old = traces([
      { spans: [{ ...modelCall(), startMs: Date.now() - 8 * DAY_MS }] },
    ]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await send(attack.appKey, old);
      expect(res.status).toBe(200);
      expect(res.body.partialSuccess.rejectedSpans).toBe('1');
      expect(res.body.partialSuccess.errorMessage).toContain('span-key window');
    }
    expect((await costOf()).requests).toBe(before.requests);
  });

  it('accepts and counts spans of an app whose kill switch is on, as a killed_app_active violation', async () => {
    expect(
      (
        await as('alice').post(`${APPS}/${APP}/kill-switch`, {
          enabled: true,
          reason: 'Leaking invoices',
        })
      ).status,
    ).toBe(200);
    const before = await costOf();
    const res = await send(attack.appKey, traces([{ spans: [modelCall()] }]));
    expect(res.status).toBe(200);
    expect((await costOf()).requests).toBe(before.requests + 1);
    const killed = await violationsOf('killed_app_active');
    expect(killed.totalItems).toBe(1);
    expect(killed.items[0].severity).toBe('high');
    await as('alice').post(`${APPS}/${APP}/kill-switch`, {
      enabled: false,
      reason: 'Fixed',
    });
  });
});
