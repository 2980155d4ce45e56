/*
 * Policies as code end to end on a portal of real parts (signedInPortal.ts)
 * with the example policy pack: an app handling confidential data sends
 * personal data three times through the real OpenTelemetry exporter; within
 * that one request the pack's pii-burst policy engages the kill switch, the
 * gate refuses, an incident names the spans' trace ids, two stewards release
 * the switch and the audit chain verifies and names the policy.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { exportWithRealExporters } from '../__testUtils__/exportWithRealExporters';
import {
  EXAMPLE_CATALOG_FILES,
  requestsAs,
  signIn,
  startSignedInPortal,
} from '../__testUtils__/signedInPortal';

jest.setTimeout(180_000);

const APP = 'invoice-field-extractor'; // finance-ops, confidential data
const REF = `microapp:default/${APP}`;
const APP_URL = `/api/microapps/apps/default/${APP}`;
const POLICY = 'pii-burst-on-sensitive-data';
const USERS = ['alice', 'nora', 'maya', 'uma'] as const;

/** A span whose app found and masked an e-mail address. */
const piiSpan = {
  model: 'azure-gpt-4.1-mini',
  input: 100,
  output: 20,
  events: [
    {
      name: 'trellis.policy',
      attributes: {
        'trellis.policy.decision': 'redact',
        'trellis.policy.violation': 'pii_detected',
        'trellis.policy.rule': 'pii.email',
      },
    },
  ],
};

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'policies on the example portal (%s)',
  databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    const tokens = new Map<(typeof USERS)[number], string>();
    const as = (user: (typeof USERS)[number]) =>
      requestsAs(server, tokens)(user);

    beforeAll(async () => {
      const backend = await startSignedInPortal({
        databases,
        databaseId,
        catalogFiles: EXAMPLE_CATALOG_FILES,
      });
      server = backend.server;
      stop = () => backend.stop();
      for (const [user, token] of await signIn(server, USERS)) {
        tokens.set(user, token);
      }
      for (let i = 0; i < 240; i++) {
        if ((await as('alice').get(APP_URL)).status === 200) break;
        await new Promise(r => setTimeout(r, 250));
      }
    });

    afterAll(() => stop?.());

    it('engages the kill switch within the request that crosses the threshold, and takes two stewards to release it', async () => {
      const key = (
        await as('alice').post(`${APP_URL}/ingest-keys`, {
          name: 'policy test',
        })
      ).body.key;
      const send = (count: number) =>
        exportWithRealExporters({
          url: `http://127.0.0.1:${
            server.address().port
          }/api/microapps/v1/traces`,
          token: key,
          exporters: [{ kind: 'proto', compression: 'gzip' }],
          resources: [
            {
              resource: { 'service.name': APP, 'trellis.microapp.ref': REF },
              spans: Array.from({ length: count }, () => piiSpan),
            },
          ],
        });

      // Two findings: under the threshold of three in ten minutes.
      expect(await send(2)).toEqual([{ code: 0 }]);
      expect(
        (await as('alice').get(`${APP_URL}/kill-switch`)).body.enabled,
      ).toBe(false);

      // The third, in its own request: the switch is on when it returns.
      expect(await send(1)).toEqual([{ code: 0 }]);
      const killSwitch = (await as('alice').get(`${APP_URL}/kill-switch`)).body;
      expect(killSwitch).toMatchObject({
        enabled: true,
        engagedByRole: 'policy',
        updatedBy: `policy:${POLICY}`,
        releaseNeedsTwoStewards: true,
      });
      const gate = (await as('uma').get(`${APP_URL}/gate?stage=production`))
        .body;
      expect(gate.allowed).toBe(false);
      expect(gate.reasons).toContain(
        `The kill switch is on: Policy ${POLICY}: Repeated PII on confidential or regulated data`,
      );

      // The incident names the policy and the trace ids of the findings.
      const violations = (
        await as('alice').get(`${APP_URL}/violations?type=pii_detected`)
      ).body.items;
      const traceIds = violations.map((v: { traceId: string }) => v.traceId);
      expect(traceIds).toHaveLength(3);
      const incidents = (await as('alice').get(`${APP_URL}/incidents`)).body
        .items;
      expect(incidents).toEqual([
        expect.objectContaining({
          state: 'open',
          severity: 'critical',
          policyIds: [POLICY],
        }),
      ]);
      const incident = (
        await as('nora').get(`/api/microapps/incidents/${incidents[0].id}`)
      ).body;
      const firing = incident.events.find((e: any) => e.kind === 'firing');
      expect(firing.policyId).toBe(POLICY);
      expect([...firing.traceIds].sort()).toEqual([...traceIds].sort());
      expect(firing.actions).toContain('Kill switch engaged');

      // Owners may not release a policy's switch; one steward records intent,
      // the same steward cannot confirm, a second one releases.
      const release = (user: (typeof USERS)[number], reason: string) =>
        as(user).post(`${APP_URL}/kill-switch`, { enabled: false, reason });
      expect((await release('alice', 'We fixed the redactor')).status).toBe(
        403,
      );
      const first = await release(
        'nora',
        'Redactor fixed in 2.3.2, checked the logs',
      );
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({
        enabled: true,
        releaseRequest: { requestedBy: 'user:default/nora' },
      });
      expect((await release('nora', 'Again')).status).toBe(409);
      const second = await release('maya', 'Confirmed: no PII since 2.3.2');
      expect(second.status).toBe(200);
      expect(second.body.enabled).toBe(false);

      const audit = (
        await as('nora').get(`/api/microapps/audit?entityRef=${REF}&limit=20`)
      ).body;
      const actions = audit.items.map(
        (e: { action: string; actor: string }) => `${e.action} ${e.actor}`,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          `policy.fired policy:${POLICY}`,
          `killswitch.enabled policy:${POLICY}`,
          'killswitch.release-requested user:default/nora',
          'killswitch.disabled user:default/maya',
        ]),
      );
      expect(
        (await as('nora').get('/api/microapps/audit/verify')).body.valid,
      ).toBe(true);

      const policies = (await as('nora').get('/api/microapps/policies')).body
        .policies;
      expect(
        policies.find((p: { id: string }) => p.id === POLICY).lastFirings,
      ).toEqual([
        expect.objectContaining({
          entityRef: REF,
          mode: 'enforce',
          incidentId: incidents[0].id,
        }),
      ]);
    });
  },
);
