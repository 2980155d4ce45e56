import { nextGatedStage, requiredBadges, reviewStage } from './badgeRules';

describe('requiredBadges', () => {
  it.each([
    ['low', 'sandbox', []],
    ['low', 'canary', []],
    ['low', 'production', ['production-readiness']],
    ['medium', 'canary', ['security-review']],
    ['medium', 'production', ['security-review', 'production-readiness']],
    ['high', 'draft', []],
    ['high', 'canary', ['security-review', 'compliance-review']],
    [
      'high',
      'production',
      [
        'security-review',
        'compliance-review',
        'executive-signoff',
        'production-readiness',
      ],
    ],
    ['high', 'decommissioned', []],
  ] as const)('a %s-tier app entering %s needs %j', (tier, stage, badges) => {
    expect(requiredBadges(tier, stage)).toEqual(badges);
  });
});

describe('the next gate of each lifecycle stage', () => {
  it.each([
    ['draft', 'canary', undefined],
    ['sandbox', 'canary', 'canary'],
    ['canary', 'production', 'production'],
    ['production', 'production', 'production'],
    ['decommissioned', undefined, undefined],
  ])(
    '%s: next gate %s, reviewed by stewards for %s',
    (lifecycle, next, reviewed) => {
      expect(nextGatedStage(lifecycle)).toBe(next);
      expect(reviewStage(lifecycle)).toBe(reviewed);
    },
  );
});
