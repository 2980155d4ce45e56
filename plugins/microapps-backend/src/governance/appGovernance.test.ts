import {
  DEFAULT_RISK_MATRIX,
  type BadgeId,
  type MicroAppEntity,
  type ModelCatalogEntry,
} from '@trellis/plugin-microapps-common';
import type { ApprovalRecord } from './GovernanceStore';
import { badgeDetails, gateFor } from './appGovernance';
import { governedApp } from '../registry/governedApp';

const entity: MicroAppEntity = {
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name: 'claims-assistant', namespace: 'default' },
  spec: {
    type: 'assistant',
    lifecycle: 'production',
    owner: 'group:default/claims',
    version: '1.0.0',
    costCenter: 'CC-1',
    reach: 'org-wide',
    data: { classifications: ['confidential'], pii: 'masked' },
    models: ['gpt'],
    dependencies: { risk: 'minimal' },
  },
};

const model = (hosting: ModelCatalogEntry['hosting']): ModelCatalogEntry => ({
  id: 'gpt',
  provider: 'p',
  status: 'approved',
  hosting,
  pricing: { inputPer1M: 1, outputPer1M: 1 },
});

const now = new Date('2026-06-01T00:00:00Z');

function approval(
  badge: BadgeId,
  approver: string,
  grantedAt: string,
  digest: string,
): ApprovalRecord {
  return {
    entityRef: 'microapp:default/claims-assistant',
    badge,
    state: 'granted',
    digest,
    reviewedSpec: {} as ApprovalRecord['reviewedSpec'],
    approver,
    comment: 'ok',
    grantedAt,
    expiresAt: '2026-12-01T00:00:00Z',
    version: 1,
  };
}

describe('approvals when an app becomes high-tier', () => {
  // Enterprise hosting: 25 + 20 + 0 = 45, medium. When the model catalog
  // calls the model public instead: 55, high. The manifest (and its digest)
  // stays the same.
  const medium = governedApp(entity, {
    models: [model('enterprise')],
    riskMatrix: DEFAULT_RISK_MATRIX,
  });
  const high = governedApp(entity, {
    models: [model('public')],
    riskMatrix: DEFAULT_RISK_MATRIX,
  });
  // One steward granted two badges while the app was medium-tier, which was allowed then.
  const approvals = [
    approval(
      'security-review',
      'user:default/sam',
      '2026-05-01T00:00:00Z',
      medium.digest,
    ),
    approval(
      'production-readiness',
      'user:default/sam',
      '2026-05-02T00:00:00Z',
      medium.digest,
    ),
    approval(
      'compliance-review',
      'user:default/oscar',
      '2026-05-03T00:00:00Z',
      medium.digest,
    ),
    approval(
      'executive-signoff',
      'user:default/quentin',
      '2026-05-04T00:00:00Z',
      medium.digest,
    ),
  ];

  it('count while the app is medium-tier', () => {
    expect(medium.risk.tier).toBe('medium');
    const badges = badgeDetails(medium, approvals, now);
    expect(badges.every(b => b.state === 'granted')).toBe(true);
    expect(
      gateFor(medium, badges, 'production', {
        entityRef: medium.entityRef,
        enabled: false,
      }).allowed,
    ).toBe(true);
  });

  it('stop counting once the tier rises, with the reason at the gate', () => {
    expect(high.risk.tier).toBe('high');
    expect(high.digest).toBe(medium.digest);
    const badges = badgeDetails(high, approvals, now);
    const readiness = badges.find(b => b.badge === 'production-readiness')!;
    expect(readiness).toMatchObject({
      state: 'stale',
      staleReason: 'separation-of-duties',
      conflictsWith: 'security-review',
      approver: 'user:default/sam',
    });
    // The earlier of the two still counts.
    expect(badges.find(b => b.badge === 'security-review')!.state).toBe(
      'granted',
    );
    const gate = gateFor(high, badges, 'production', {
      entityRef: high.entityRef,
      enabled: false,
    });
    expect(gate).toEqual({
      stage: 'production',
      allowed: false,
      missing: ['production-readiness'],
      reasons: [
        'Production readiness does not count: user:default/sam also granted Security review, and a high-tier app needs a different steward for each; another steward must grant Production readiness before production',
      ],
      status: expect.objectContaining({
        id: 'overdue',
        missingBadges: ['production-readiness'],
      }),
    });
  });
});
