/*
 * A policy firing across two replicas on one PostgreSQL database: PII
 * findings that cross the system pack's threshold reach both replicas at the
 * same moment, and each replica's scheduled evaluation runs too; the trigger
 * fires once: one incident, one audit entry, one notification.
 */
import { type Cluster, type Report, type Scenario, sleep } from './backends';
import { postBatch } from './otlp';

const APP = 'help-center-digest'; // Customer Support: grace and hugo
const POLICY = 'replica-single-firing';
const TOPIC = 'MicroApp policies';

/** The system tests' pack instead of the example one, evaluated every 2 s. */
export const policyScenarioConfig = {
  microapps: {
    policies: {
      locations: [
        { type: 'file', target: '../../system/policies/replica-firing.yaml' },
      ],
      evaluateIntervalSeconds: 2,
    },
  },
};

let spanCounter = Date.now();
/** One OTLP/JSON request with `count` spans, each with a masked e-mail address. */
function piiFindings(count: number): string {
  const now = Date.now();
  const spans = Array.from({ length: count }, () => {
    spanCounter += 1;
    return {
      traceId: spanCounter.toString(16).padStart(32, 'a'),
      spanId: spanCounter.toString(16).padStart(16, 'b'),
      name: 'POST /summarize',
      startTimeUnixNano: `${now - 1000}000000`,
      endTimeUnixNano: `${now}000000`,
      events: [
        {
          name: 'trellis.policy',
          timeUnixNano: `${now - 500}000000`,
          attributes: [
            ['trellis.policy.decision', 'redact'],
            ['trellis.policy.violation', 'pii_detected'],
            ['trellis.policy.rule', 'pii.email'],
          ].map(([key, value]) => ({ key, value: { stringValue: value } })),
        },
      ],
    };
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [
            {
              key: 'trellis.microapp.ref',
              value: { stringValue: `microapp:default/${APP}` },
            },
          ],
        },
        scopeSpans: [{ spans }],
      },
    ],
  });
}

async function getJson(url: string, token: string): Promise<any> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(
      `${url} answered ${response.status}: ${await response.text()}`,
    );
  return response.json();
}

const policyOnce: Scenario = {
  name: 'replicas: a policy trigger seen by both replicas at once fires once (one incident, one audit entry, one notification)',
  async run(cluster: Cluster, report: Report) {
    const [a, b] = cluster.replicas;
    const steward = await cluster.signIn('nora', 'A');
    const owner = await cluster.signIn('grace', 'B');
    const notices = async () =>
      (
        await getJson(
          `${a.baseUrl}/api/notifications/notifications?limit=100`,
          owner,
        )
      ).notifications.filter(
        (n: { payload: { topic?: string; title: string } }) =>
          n.payload.topic === TOPIC,
      ).length;
    const noticesBefore = await notices();

    // Two findings through A: under the threshold.
    const first = await postBatch(a.baseUrl, piiFindings(2));
    report.check(first.ok, 'two findings accepted through A', first.error);
    // Then two requests of two findings each, one to each replica at the same moment.
    const [toA, toB] = await Promise.all([
      postBatch(a.baseUrl, piiFindings(2)),
      postBatch(b.baseUrl, piiFindings(2)),
    ]);
    report.check(
      toA.ok && toB.ok,
      'the requests that cross the threshold accepted through A and B at once',
      [toA.error, toB.error].filter(Boolean).join('; ') || undefined,
    );
    // Several scheduled evaluations on either replica, then the notice's delivery.
    await sleep(8_000);

    for (const replica of cluster.replicas) {
      const incidents = (
        await getJson(
          `${replica.baseUrl}/api/microapps/apps/default/${APP}/incidents`,
          steward,
        )
      ).items;
      report.check(
        incidents.length === 1,
        `one incident for ${APP}, read through ${replica.name}`,
        `${incidents.length} incident(s)`,
      );
      if (incidents.length !== 1) continue;
      const detail = await getJson(
        `${replica.baseUrl}/api/microapps/incidents/${incidents[0].id}`,
        steward,
      );
      const firings = detail.events.filter(
        (event: { kind: string }) => event.kind === 'firing',
      );
      report.check(
        firings.length === 1 && firings[0].policyId === POLICY,
        `the incident holds one firing of ${POLICY}`,
        `${firings.length} firing event(s); trace ids ${
          firings[0]?.traceIds?.length ?? 0
        }`,
      );
    }
    const audit = await getJson(
      `${b.baseUrl}/api/microapps/audit?entityRef=microapp:default/${APP}&limit=100`,
      steward,
    );
    const fired = audit.items.filter(
      (entry: { action: string; actor: string }) =>
        entry.action === 'policy.fired' && entry.actor === `policy:${POLICY}`,
    );
    report.check(
      fired.length === 1,
      'one policy.fired entry in the audit log',
      `${fired.length}`,
    );
    const verify = await getJson(
      `${a.baseUrl}/api/microapps/audit/verify`,
      steward,
    );
    report.check(
      verify.valid === true,
      'the audit chain verifies',
      `${verify.entries} entries`,
    );
    const gate = await getJson(
      `${b.baseUrl}/api/microapps/apps/default/${APP}/gate?stage=production`,
      steward,
    );
    report.check(
      gate.reasons.some((reason: string) =>
        reason.startsWith(`Policy ${POLICY} holds promotion`),
      ),
      'the gate refuses promotion with the policy as the reason, through B',
      gate.reasons.join(' | '),
    );
    const received = (await notices()) - noticesBefore;
    report.check(
      received === 1,
      'the owner got one notification about the firing',
      `${received} notification(s)`,
    );
  },
};

export const policyScenarios: Scenario[] = [policyOnce];
