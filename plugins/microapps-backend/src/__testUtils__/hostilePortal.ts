/*
 * The portal of the injection tests (../__behaviour__/injection.*.test.ts,
 * signedInPortal.ts): the real auth, permission and catalog backends, the
 * steward policy module, signed-in users, the MicroApp catalog module, the
 * microapps plugin and the catalog's unprocessed-entities module, with the
 * example organisation, the hostile manifests of hostileInput.ts and the
 * example portal's security fixture, and a static service token that sends
 * OTLP spans.
 */
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogModuleUnprocessed from '@backstage/plugin-catalog-backend-module-unprocessed';
import fs from 'fs';
import type { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { stringify as toYaml } from 'yaml';
import { signIn, startSignedInPortal } from './signedInPortal';
import { EXAMPLES_DIR, waitFor } from './startTestPortal';
import {
  accepted,
  fixtureFile,
  type KeyValue,
  refusedConnector,
  refusedEgress,
  refusedTag,
  SERVICE_TOKEN,
  str,
} from './hostileInput';
import { readText } from './textResponse';

/** Fails unless the receiver accepted every span. */
export const acceptedInFull = (res: request.Response, what: string) => {
  if (res.status !== 200 || JSON.stringify(res.body) !== '{}') {
    throw new Error(
      `The receiver did not accept ${what}: ${res.status} ${JSON.stringify(
        res.body,
      )}`,
    );
  }
};

/** The OTLP/JSON body of one span per attribute list, from a resource with this service.name. */
function spansBody(
  serviceName: string,
  spans: KeyValue[][],
  nextSpan: () => number,
) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', serviceName)] },
        scopeSpans: [
          {
            spans: spans.map(attributes => {
              const n = nextSpan();
              return {
                traceId: n.toString(16).padStart(32, '0'),
                spanId: n.toString(16).padStart(16, '0'),
                name: 'chat',
                startTimeUnixNano: String((Date.now() - 60_000) * 1e6),
                endTimeUnixNano: String((Date.now() - 59_000) * 1e6),
                attributes,
              };
            }),
          },
        ],
      },
    ],
  };
}

/**
 * The portal of one database, to start in beforeAll and stop in afterAll;
 * its requests and spans work once it has started.
 */
export function hostilePortal(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let server: any;
  let stop: (() => Promise<void>) | undefined;
  let microappsDb: Knex | undefined;
  const tokens = new Map<string, string>([['service', SERVICE_TOKEN]]);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-injection-'));
  const manifestFile = path.join(workDir, 'hostile.yaml');

  function as(caller: string) {
    const auth = { Authorization: `Bearer ${tokens.get(caller)}` };
    return {
      get: (url: string) => request(server).get(url).set(auth),
      text: (url: string) => readText(request(server).get(url).set(auth)),
      post: (url: string, body?: object) =>
        request(server).post(url).set(auth).send(body),
    };
  }

  let spanCounter = 0;
  /** Posts one OTLP/JSON span per attribute list, from a resource with this service.name. */
  const sendSpans = (serviceName: string, spans: KeyValue[][]) =>
    request(server)
      .post('/api/microapps/v1/traces')
      .set('Authorization', `Bearer ${SERVICE_TOKEN}`)
      .send(spansBody(serviceName, spans, () => (spanCounter += 1)));

  /** Starts the portal, signs the users in and waits for the marketplace; answers the server and the microapps database. */
  const start = async () => {
    fs.writeFileSync(
      manifestFile,
      [...accepted, refusedTag, refusedEgress, refusedConnector]
        .map(e => toYaml(e))
        .join('---\n'),
    );
    const backend = await startSignedInPortal({
      databases,
      databaseId,
      catalogFiles: [
        path.join(EXAMPLES_DIR, 'org.yaml'),
        manifestFile,
        fixtureFile,
      ],
      staticTokens: [{ token: SERVICE_TOKEN, subject: 'injection-test' }],
      features: [catalogModuleUnprocessed],
      onDatabase: (pluginId, knex) => {
        if (pluginId === 'microapps') microappsDb = knex;
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    for (const [user, token] of await signIn(server, ['alice', 'nora', 'sam']))
      tokens.set(user, token);
    // Wait until the marketplace knows every accepted manifest (spans are attributed through it).
    await waitFor(
      async () => {
        const res = await as('alice').get(
          '/api/microapps/apps?limit=1&lifecycle=draft,sandbox,canary,production,decommissioned',
        );
        return res.body.totalItems === accepted.length + 1 || undefined;
      },
      'the hostile manifests in the marketplace',
      120_000,
    );
    return { server, microappsDb: microappsDb! };
  };

  return {
    as,
    sendSpans,
    start,
    stop: async () => {
      await stop?.();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
