/*
 * Ingest keys across two replicas on one PostgreSQL database:
 *  - an app key writes its own app's telemetry through either replica and
 *    cannot write another app's;
 *  - a gateway key writes any app's;
 *  - a key revoked through A gets 401 through A and B within a second.
 */
import type { Cluster, Report, Scenario } from './backends';

const OWNED = 'invoice-field-extractor'; // finance-ops: alice's team
const OTHER = 'help-center-digest'; // Customer Support
const REVOCATION_LIMIT_MS = 1000;

let spanCounter = Date.now();
/** One GenAI span per app named, in OTLP/JSON. */
function traces(apps: string[]): string {
  const now = Date.now();
  return JSON.stringify({
    resourceSpans: apps.map(app => {
      spanCounter += 1;
      return {
        resource: {
          attributes: [
            {
              key: 'trellis.microapp.ref',
              value: { stringValue: `microapp:default/${app}` },
            },
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: spanCounter.toString(16).padStart(32, '0'),
                spanId: spanCounter.toString(16).padStart(16, '0'),
                name: 'chat',
                startTimeUnixNano: `${now - 1000}000000`,
                endTimeUnixNano: `${now}000000`,
                attributes: [
                  {
                    key: 'gen_ai.request.model',
                    value: { stringValue: 'azure-gpt-4.1-mini' },
                  },
                  {
                    key: 'gen_ai.usage.input_tokens',
                    value: { intValue: 100 },
                  },
                ],
              },
            ],
          },
        ],
      };
    }),
  });
}

async function send(
  baseUrl: string,
  key: string,
  apps: string[],
): Promise<{ status: number; rejectedSpans: number; message: string }> {
  const response = await fetch(`${baseUrl}/api/microapps/v1/traces`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${key}`,
    },
    body: traces(apps),
  });
  const text = await response.text();
  const partial = response.ok && text ? JSON.parse(text).partialSuccess : {};
  return {
    status: response.status,
    rejectedSpans: Number(partial?.rejectedSpans ?? 0),
    message: String(partial?.errorMessage ?? (response.ok ? '' : text)).slice(
      0,
      200,
    ),
  };
}

async function call(
  url: string,
  token: string,
  method: 'POST' | 'DELETE',
  body?: object,
): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

const keysAcrossReplicas: Scenario = {
  name: 'ingest keys: an app key speaks for its app only, a gateway key for any, and a revoked key gets 401 on both replicas within a second',
  async run(cluster: Cluster, report: Report) {
    const [a, b] = cluster.replicas;
    const alice = await cluster.signIn('alice', 'A');
    const sam = await cluster.signIn('sam', 'B');
    const appKeys = `${a.baseUrl}/api/microapps/apps/default/${OWNED}/ingest-keys`;

    const created = await call(appKeys, alice, 'POST', { name: 'system test' });
    report.check(
      created.status === 201 && created.json.key?.startsWith('trk_'),
      `alice (finance-ops) creates an ingest key for ${OWNED} through A`,
      `${created.status}`,
    );
    const key: string = created.json.key;

    for (const replica of [a, b]) {
      const own = await send(replica.baseUrl, key, [OWNED]);
      report.check(
        own.status === 200 && own.rejectedSpans === 0,
        `through ${replica.name}: the app key writes ${OWNED}'s telemetry`,
        `${own.status}, ${own.rejectedSpans} rejected: ${own.message}`,
      );
    }
    const other = await send(b.baseUrl, key, [OTHER]);
    report.check(
      other.status === 200 &&
        other.rejectedSpans === 1 &&
        other.message.includes('trellis.microapp.ref'),
      `through B: the app key cannot write ${OTHER}'s telemetry (the span is rejected, naming the attribute)`,
      `${other.status}, ${other.rejectedSpans} rejected: ${other.message}`,
    );

    const gateway = await call(
      `${b.baseUrl}/api/microapps/ingest-keys`,
      sam,
      'POST',
      { name: 'system test collector', gateway: true },
    );
    report.check(
      gateway.status === 201,
      'sam (platform steward) creates a gateway key through B',
      `${gateway.status}`,
    );
    const viaGateway = await send(a.baseUrl, gateway.json.key, [OWNED, OTHER]);
    report.check(
      viaGateway.status === 200 && viaGateway.rejectedSpans === 0,
      `through A: the gateway key writes both ${OWNED}'s and ${OTHER}'s telemetry`,
      `${viaGateway.status}, ${viaGateway.rejectedSpans} rejected: ${viaGateway.message}`,
    );

    const revoked = await call(
      `${appKeys}/${created.json.id}`,
      alice,
      'DELETE',
    );
    const revokedAt = performance.now();
    report.check(
      revoked.status === 204,
      'alice revokes the app key through A',
      `${revoked.status}`,
    );
    for (const replica of [b, a]) {
      let status = 0;
      let ms = 0;
      while (ms <= REVOCATION_LIMIT_MS) {
        status = (await send(replica.baseUrl, key, [OWNED])).status;
        ms = performance.now() - revokedAt;
        if (status === 401) break;
      }
      report.check(
        status === 401 && ms <= REVOCATION_LIMIT_MS,
        `through ${replica.name}: the revoked key gets 401 (${ms.toFixed(
          0,
        )} ms after the revocation; limit ${REVOCATION_LIMIT_MS} ms)`,
        `last status ${status}`,
      );
    }
    await call(
      `${b.baseUrl}/api/microapps/ingest-keys/${gateway.json.id}`,
      sam,
      'DELETE',
    );
  },
};

export const ingestKeyScenarios: Scenario[] = [keysAcrossReplicas];
