import { requiredBadges } from './badgeRules';

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
