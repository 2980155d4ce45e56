/**
 * Test data and msw handlers for the MicroApp entity views: a real
 * MicroAppsClient (microAppsTestKit's createClient) talks to these handlers
 * at the backend's real URLs, and the risk endpoint scores with the real risk
 * engine.
 */
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  appStatus,
  evaluateRisk,
  MICROAPP_API_VERSION,
  type BadgeDetail,
  type ThirtyDayUsage,
  type MicroAppDetail,
  type MicroAppEntity,
  type ModelCatalogEntry,
  type RiskInput,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { baseUrl } from '../../../__testUtils__/microAppsTestKit';

export const apiUrl = `${baseUrl}/api/microapps`;
export const appUrl = `${apiUrl}/apps/default/ticket-triage-classifier`;

export const models: ModelCatalogEntry[] = [
  {
    id: 'bedrock-claude-3-5-haiku',
    provider: 'aws-bedrock',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 0.8, outputPer1M: 4 },
  },
  {
    id: 'openai-gpt-4o',
    provider: 'openai',
    status: 'restricted',
    hosting: 'public',
    pricing: { inputPer1M: 2.5, outputPer1M: 10 },
  },
];

export const entity: MicroAppEntity = {
  apiVersion: MICROAPP_API_VERSION,
  kind: 'MicroApp',
  metadata: {
    name: 'ticket-triage-classifier',
    namespace: 'default',
    title: 'Ticket Triage Classifier',
  },
  spec: {
    type: 'classifier',
    lifecycle: 'canary',
    owner: 'group:default/customer-support',
    version: '4.2.0',
    costCenter: 'CC-5500-SUP',
    reach: 'team',
    data: { classifications: ['internal', 'confidential'], pii: 'masked' },
    connectors: [
      {
        name: 'resource:default/zendesk',
        exposure: 'third-party',
        access: 'write',
      },
    ],
    models: ['bedrock-claude-3-5-haiku'],
    dependencies: { risk: 'minimal' },
  },
};
export const entityRef = stringifyEntityRef(entity);

export const digest = `sha256:${'ab12cd34ef56'.repeat(5)}abcd`;
const olderDigest = `sha256:${'0f0e0d0c0b0a'.repeat(5)}0909`;

/** 25 (confidential) + 10 (team) + 15 (third-party, write) = 50: medium. */
export const currentRisk = evaluateRisk(entity.spec, { models });

const badges: BadgeDetail[] = [
  {
    badge: 'security-review',
    state: 'granted',
    required: true,
    requiredFor: 'canary',
    approver: 'user:default/sam-security',
    grantedAt: '2026-10-01T09:00:00.000Z',
    expiresAt: '2026-12-30T09:00:00.000Z',
    comment: 'Zendesk write scope reviewed',
    grantedDigest: digest,
  },
  { badge: 'compliance-review', state: 'pending', required: false },
  { badge: 'executive-signoff', state: 'pending', required: false },
  {
    badge: 'production-readiness',
    state: 'stale',
    required: true,
    requiredFor: 'production',
    approver: 'user:default/pat-platform',
    grantedAt: '2026-09-01T09:00:00.000Z',
    expiresAt: '2026-11-30T09:00:00.000Z',
    grantedDigest: olderDigest,
    changes: [
      {
        field: 'data.classifications',
        before: ['internal'],
        after: ['internal', 'confidential'],
      },
    ],
  },
];

/** The app's last 30 days, as `GET /apps/:namespace/:name` reports them. */
export const usage30d: ThirtyDayUsage = {
  cost30dUsd: 1234.5,
  requests30d: 35272,
  costPerRequestUsd: 0.035,
  users30d: 42,
  violations30d: 3,
  highViolations30d: 1,
};

/**
 * The app's detail, with `overrides`; its status (and its gates' status)
 * computed by common's `appStatus` from the result unless overridden.
 */
export function appDetail(
  overrides: Partial<MicroAppDetail> = {},
): MicroAppDetail {
  const detail: Omit<MicroAppDetail, 'status' | 'gates'> = {
    entityRef,
    name: 'ticket-triage-classifier',
    namespace: 'default',
    title: 'Ticket Triage Classifier',
    owner: 'group:default/customer-support',
    lifecycle: 'canary',
    digest,
    risk: currentRisk,
    requiredBadges: {
      canary: ['security-review'],
      production: ['security-review', 'production-readiness'],
    },
    badges,
    killSwitch: { entityRef, enabled: false },
    usage30d,
    ...overrides,
  };
  const status =
    overrides.status ??
    appStatus({
      tier: detail.risk.tier,
      lifecycle: detail.lifecycle,
      badges: detail.badges,
      killSwitchEngaged: detail.killSwitch.enabled,
    });
  return {
    ...detail,
    gates: overrides.gates ?? {
      canary: {
        stage: 'canary',
        allowed: true,
        missing: [],
        reasons: [],
        status,
      },
      production: {
        stage: 'production',
        allowed: false,
        missing: ['production-readiness'],
        reasons: [
          'Production readiness is stale (changed since review: data.classifications); a medium-tier app needs it before production',
        ],
        status,
      },
    },
    status,
  };
}

/** A Backstage error body, as the backend's error handler sends it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/api/microapps' },
      response: { statusCode: status },
    },
    { status },
  );
}

/**
 * The handlers every view needs: app detail, models, and risk evaluation by
 * the real risk engine (each scored spec is pushed to `scored`).
 */
export const baseHandlers = (
  detail: () => MicroAppDetail = () => appDetail(),
  scored: RiskInput[] = [],
) => [
  http.get(appUrl, () => HttpResponse.json(detail())),
  http.get(`${apiUrl}/models`, () => HttpResponse.json({ items: models })),
  http.post(`${apiUrl}/risk/evaluate`, async ({ request }) => {
    const { spec } = (await request.json()) as { spec: RiskInput };
    scored.push(spec);
    return HttpResponse.json(evaluateRisk(spec, { models }));
  }),
];
