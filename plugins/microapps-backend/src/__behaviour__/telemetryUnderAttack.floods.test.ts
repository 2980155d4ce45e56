/*
 * The receiver against a client that lies, on a portal of real parts
 * (signedInPortal.ts) and every database TestDatabases reaches. This part, floods: uploads that
 * never finish, and 100,000 spans that each claim a new app and a new model.
 * Spans that lie about their content are telemetryUnderAttack.lies.test.ts.
 */
import http from 'http';
import request from 'supertest';
import { exampleApps, models } from '../__testUtils__/exampleCatalogPortal';
import {
  APP,
  CAPS,
  describeUnderAttack,
  modelCall,
  traces,
} from '../__testUtils__/telemetryAttack';

describeUnderAttack(attack => {
  const { as, send } = attack;

  it('lets slow uploads of one key take only that key’s slots, and ends them after the body deadline', async () => {
    const { port } = attack.server.address();
    /** A request whose body never arrives in full: it holds a receiver slot. */
    const slowUpload = (key: string) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: '/api/microapps/v1/traces',
        method: 'POST',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
          'Content-Length': '100000',
        },
      });
      req.write('{"resourceSpans":[');
      return new Promise<number>(resolve => {
        req.on('response', res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(0));
      });
    };
    const oneSpan = () => traces([{ spans: [modelCall()] }]);
    // A first request warms the portal (the registry's first load, the
    // key's lookup), so that probing below is quick next to the deadline.
    expect((await send(attack.appKey, oneSpan())).status).toBe(200);
    const slow = [slowUpload(attack.appKey), slowUpload(attack.appKey)];
    // Once both are being read, the key has no slot left.
    let busy: request.Response | undefined;
    for (let attempt = 0; attempt < 100 && !busy; attempt++) {
      const res = await send(attack.appKey, oneSpan());
      if (res.status === 503) busy = res;
      else await new Promise(r => setTimeout(r, 50));
    }
    expect(busy?.status).toBe(503);
    expect(busy?.headers['retry-after']).toBe('5');
    // Another caller still gets in.
    const other = await send(
      attack.gatewayKey,
      traces([
        {
          resource: { 'trellis.microapp.ref': `microapp:default/${APP}` },
          spans: [modelCall()],
        },
      ]),
    );
    expect(other.status).toBe(200);
    // The slow uploads end at the body deadline, and the key has its slots back.
    expect(await Promise.all(slow)).toEqual([408, 408]);
    expect((await send(attack.appKey, oneSpan())).status).toBe(200);
  });

  it('keeps 100,000 spans with 100,000 made-up apps and models within the caps', async () => {
    const batches = 50;
    const perBatch = 2000;
    let rejected = 0;
    for (let batch = 0; batch < batches; batch++) {
      const spans = Array.from({ length: perBatch }, (_, i) => {
        const n = batch * perBatch + i;
        return {
          resource: { 'trellis.microapp.ref': `microapp:default/fake-${n}` },
          spans: [
            {
              attributes: {
                'gen_ai.operation.name': 'chat',
                'gen_ai.request.model': `fake-model-${n}`,
                'gen_ai.usage.input_tokens': 10,
                'gen_ai.usage.cost': '0.01',
              },
            },
          ],
        };
      });
      const res = await send(attack.gatewayKey, traces(spans));
      expect(res.status).toBe(200);
      rejected += Number(res.body.partialSuccess?.rejectedSpans ?? 0);
    }
    const admitted = batches * perBatch - rejected;
    // A span needs room under both caps: the smaller one bounds them.
    expect(admitted).toBe(CAPS.unregisteredAppsPerDay);

    const fakeRows = (table: string) =>
      attack
        .knex(table)
        .where('entity_ref', 'like', 'microapp:default/fake-%')
        .countDistinct({ n: 'entity_ref' })
        .then(([row]) => Number(row.n));
    expect(await fakeRows('microapps_usage_daily')).toBe(
      CAPS.unregisteredAppsPerDay,
    );
    expect(await fakeRows('microapps_usage_hourly')).toBe(
      CAPS.unregisteredAppsPerDay,
    );
    const unregistered = await as('sam').get(
      '/api/microapps/violations?type=unregistered_app&limit=1',
    );
    expect(unregistered.body.totalItems).toBeLessThanOrEqual(
      CAPS.unregisteredAppsPerDay,
    );
    const byApp = await as('sam').get('/api/microapps/costs?groupBy=app');
    expect(byApp.body.totalGroups).toBeLessThanOrEqual(
      exampleApps.length + CAPS.unregisteredAppsPerDay,
    );
    const byModel = await as('sam').get('/api/microapps/costs?groupBy=model');
    expect(byModel.body.totalGroups).toBeLessThanOrEqual(
      models.length + CAPS.unknownModelsPerDay,
    );
    // The spans' key rows: only the admitted ones are remembered.
    const [{ n: spanKeys }] = await attack.knex('microapps_span_keys').count({
      n: '*',
    });
    expect(Number(spanKeys)).toBeLessThan(1000);
  });
});
