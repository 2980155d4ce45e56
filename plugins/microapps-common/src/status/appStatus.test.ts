import type { BadgeState } from '../api/types';
import type { BadgeId } from '../badges/badgeRules';
import type { ModelCatalogEntry } from '../models/ModelCatalog';
import {
  appStatus,
  type AppStatusInput,
  prohibitedModels,
  statusStage,
} from './appStatus';

const ALL_BADGES: BadgeId[] = [
  'security-review',
  'compliance-review',
  'executive-signoff',
  'production-readiness',
];

/** Every badge in `state`, except those given otherwise. */
const badges = (
  state: BadgeState,
  except: Partial<Record<BadgeId, BadgeState>> = {},
) => ALL_BADGES.map(badge => ({ badge, state: except[badge] ?? state }));

const input = (overrides: Partial<AppStatusInput>): AppStatusInput => ({
  tier: 'high',
  lifecycle: 'production',
  badges: badges('granted'),
  killSwitchEngaged: false,
  ...overrides,
});

describe('appStatus', () => {
  describe('each status', () => {
    it('approves a production app with every production badge', () => {
      expect(appStatus(input({}))).toEqual({
        id: 'approved',
        label: 'Approved for production',
        severity: 'ok',
        stage: 'production',
        requiredBadges: ALL_BADGES,
        missingBadges: [],
      });
    });

    it('approves a canary app with its canary badges, production badges outstanding', () => {
      const status = appStatus(
        input({
          lifecycle: 'canary',
          badges: badges('pending', {
            'security-review': 'granted',
            'compliance-review': 'granted',
          }),
        }),
      );
      expect(status).toEqual({
        id: 'approved',
        label: 'Approved for canary',
        severity: 'ok',
        stage: 'canary',
        requiredBadges: ['security-review', 'compliance-review'],
        missingBadges: [],
      });
    });

    it('approves a sandbox app for canary once canary badges are granted', () => {
      const status = appStatus(
        input({
          tier: 'medium',
          lifecycle: 'sandbox',
          badges: badges('pending', { 'security-review': 'granted' }),
        }),
      );
      expect(status).toMatchObject({
        id: 'approved',
        label: 'Approved for canary',
        stage: 'canary',
        requiredBadges: ['security-review'],
      });
    });

    it('approves a low-tier sandbox app for canary without any badge', () => {
      expect(
        appStatus(
          input({
            tier: 'low',
            lifecycle: 'sandbox',
            badges: badges('pending'),
          }),
        ),
      ).toMatchObject({
        id: 'approved',
        requiredBadges: [],
        missingBadges: [],
      });
    });

    it('puts a sandbox app collecting canary badges in review', () => {
      expect(
        appStatus(input({ lifecycle: 'sandbox', badges: badges('pending') })),
      ).toEqual({
        id: 'in-review',
        label: 'In review',
        severity: 'info',
        stage: 'canary',
        requiredBadges: ['security-review', 'compliance-review'],
        missingBadges: ['security-review', 'compliance-review'],
      });
    });

    it.each(['pending', 'stale', 'expired', 'revoked'] as const)(
      'calls a production app with a %s required badge overdue',
      state => {
        expect(
          appStatus(
            input({
              tier: 'medium',
              badges: badges('granted', { 'production-readiness': state }),
            }),
          ),
        ).toEqual({
          id: 'overdue',
          label: 'Running without required approvals',
          severity: 'warning',
          stage: 'production',
          requiredBadges: ['security-review', 'production-readiness'],
          missingBadges: ['production-readiness'],
        });
      },
    );

    it('calls a canary app without its canary badges overdue', () => {
      expect(
        appStatus(
          input({
            lifecycle: 'canary',
            badges: badges('granted', { 'compliance-review': 'stale' }),
          }),
        ),
      ).toMatchObject({ id: 'overdue', missingBadges: ['compliance-review'] });
    });

    it('counts a badge that is not listed at all as missing', () => {
      expect(appStatus(input({ tier: 'low', badges: [] }))).toMatchObject({
        id: 'overdue',
        missingBadges: ['production-readiness'],
      });
    });

    it('disables an app whose kill switch is engaged', () => {
      expect(appStatus(input({ killSwitchEngaged: true }))).toEqual({
        id: 'disabled',
        label: 'Disabled (kill switch)',
        severity: 'error',
        stage: 'production',
        requiredBadges: ALL_BADGES,
        missingBadges: [],
      });
    });

    it('does not allow an app declaring a prohibited model', () => {
      expect(appStatus(input({ prohibitedModels: ['legacy-llm'] }))).toEqual({
        id: 'not-allowed',
        label: 'Uses a prohibited model',
        severity: 'error',
        stage: 'production',
        requiredBadges: ALL_BADGES,
        missingBadges: [],
        prohibitedModels: ['legacy-llm'],
      });
    });

    it('shows drafts as drafts, with the badges canary will need', () => {
      expect(
        appStatus(input({ lifecycle: 'draft', badges: badges('pending') })),
      ).toMatchObject({
        id: 'draft',
        label: 'Draft',
        severity: 'info',
        stage: 'canary',
        missingBadges: ['security-review', 'compliance-review'],
      });
    });

    it('shows decommissioned apps as decommissioned, needing no badge', () => {
      expect(
        appStatus(
          input({ lifecycle: 'decommissioned', badges: badges('revoked') }),
        ),
      ).toEqual({
        id: 'decommissioned',
        label: 'Decommissioned',
        severity: 'info',
        requiredBadges: [],
        missingBadges: [],
      });
    });
  });

  describe('precedence', () => {
    it('disabled wins over overdue', () => {
      expect(
        appStatus(
          input({ killSwitchEngaged: true, badges: badges('pending') }),
        ),
      ).toMatchObject({ id: 'disabled', missingBadges: ALL_BADGES });
    });

    it('disabled wins over a prohibited model', () => {
      expect(
        appStatus(
          input({ killSwitchEngaged: true, prohibitedModels: ['legacy-llm'] }),
        ).id,
      ).toBe('disabled');
    });

    it('disabled wins over decommissioned and draft', () => {
      for (const lifecycle of ['decommissioned', 'draft'] as const) {
        expect(
          appStatus(input({ lifecycle, killSwitchEngaged: true })).id,
        ).toBe('disabled');
      }
    });

    it('decommissioned wins over a prohibited model', () => {
      expect(
        appStatus(
          input({
            lifecycle: 'decommissioned',
            prohibitedModels: ['legacy-llm'],
          }),
        ).id,
      ).toBe('decommissioned');
    });

    it('a prohibited model wins over overdue, approved, in review and draft', () => {
      const cases: Partial<AppStatusInput>[] = [
        { badges: badges('pending') },
        {},
        { lifecycle: 'sandbox', badges: badges('pending') },
        { lifecycle: 'draft' },
      ];
      for (const overrides of cases) {
        expect(
          appStatus(input({ ...overrides, prohibitedModels: ['legacy-llm'] }))
            .id,
        ).toBe('not-allowed');
      }
    });

    it('draft wins over approved: a draft with every badge is still a draft', () => {
      expect(appStatus(input({ lifecycle: 'draft' })).id).toBe('draft');
    });

    it('overdue wins over approved for an earlier stage: a production app with only canary badges', () => {
      expect(
        appStatus(
          input({
            badges: badges('granted', {
              'executive-signoff': 'pending',
              'production-readiness': 'expired',
            }),
          }),
        ),
      ).toMatchObject({
        id: 'overdue',
        missingBadges: ['executive-signoff', 'production-readiness'],
      });
    });

    it('an empty list of prohibited models prohibits nothing', () => {
      expect(appStatus(input({ prohibitedModels: [] })).id).toBe('approved');
    });
  });
});

describe('statusStage', () => {
  it.each([
    ['draft', 'canary'],
    ['sandbox', 'canary'],
    ['canary', 'canary'],
    ['production', 'production'],
    ['decommissioned', undefined],
  ] as const)('counts badges of a %s app for %s', (lifecycle, stage) => {
    expect(statusStage(lifecycle)).toBe(stage);
  });
});

describe('prohibitedModels', () => {
  const entry = (
    id: string,
    status: ModelCatalogEntry['status'],
  ): ModelCatalogEntry => ({
    id,
    provider: 'example',
    status,
    hosting: 'enterprise',
    pricing: { inputPer1M: 1, outputPer1M: 2 },
  });
  const catalog = [
    entry('good', 'approved'),
    entry('careful', 'restricted'),
    entry('bad', 'prohibited'),
    entry('worse', 'prohibited'),
  ];

  it('lists the declared models the catalog prohibits, in declared order', () => {
    expect(
      prohibitedModels(['worse', 'good', 'unknown', 'careful', 'bad'], catalog),
    ).toEqual(['worse', 'bad']);
  });

  it('lists none when the catalog prohibits nothing declared', () => {
    expect(prohibitedModels(['good', 'unknown'], catalog)).toEqual([]);
  });
});
