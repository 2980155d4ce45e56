import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import type {
  CostReport,
  MarketplaceItem,
} from '@trellis/plugin-microapps-common';
import type { MicroAppsApi } from '../../api';
import {
  marketplaceItem,
  mockMicroAppsApi,
  region,
  renderWithMicroAppsApi,
  setupFixedClock,
  withTotals,
} from '../../__testUtils__/microAppsTestKit';
import { GroupMicroAppsCard } from './GroupMicroAppsCard';

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'customer-support', namespace: 'default' },
  spec: {
    type: 'team',
    profile: { displayName: 'Customer Support' },
    children: [],
  },
};

/** A marketplace entry without models, data classes or badges, which the card does not show. */
const item = (overrides: Partial<MarketplaceItem>) =>
  marketplaceItem({
    description: undefined,
    models: [],
    dataClasses: [],
    badges: [],
    costPerRequestUsd: 0.1,
    violations30d: 3,
    highViolations30d: 1,
    ...overrides,
  });

const apps = [
  item({}),
  item({
    entityRef: 'microapp:default/Reply-Drafter',
    name: 'Reply-Drafter',
    title: 'Reply Drafter',
    lifecycle: 'canary',
    tier: 'low',
    score: 12,
    cost30dUsd: 150,
    violations30d: 0,
    highViolations30d: 0,
  }),
  item({
    entityRef: 'microapp:default/faq-bot',
    name: 'faq-bot',
    title: 'FAQ Bot',
    lifecycle: 'sandbox',
    tier: 'high',
    score: 66,
    cost30dUsd: 0,
    violations30d: 1,
    highViolations30d: 0,
  }),
];

const manifest = (name: string, monthlyBudgetUsd?: number): Entity => ({
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name, namespace: 'default' },
  spec: {
    owner: 'group:default/customer-support',
    limits: monthlyBudgetUsd === undefined ? {} : { monthlyBudgetUsd },
  },
});

const monthReport: CostReport = withTotals({
  groupBy: 'app',
  from: '2026-11-01',
  to: '2026-11-23',
  previousFrom: '2026-10-09',
  previousTo: '2026-10-31',
  totalUsd: 5000,
  totalMicros: Math.round(5000 * 1_000_000),
  previousTotalUsd: 4000,
  changePct: 25,
  // The team's budget as the backend counts it: 1000 + 500.
  budgetUsd: 1500,
  groups: [
    {
      // The backend keys usage by the lower-cased ref.
      key: 'microapp:default/ticket-triage-classifier',
      label: 'Ticket Triage Classifier',
      costUsd: 1120,
      costMicros: Math.round(1120 * 1_000_000),
      monthToDateUsd: 1120,
      budgetUsd: 1000,
      requests: 10000,
      inputTokens: 0,
      outputTokens: 0,
      costPerRequestUsd: 0.112,
      previousCostUsd: 900,
      changePct: 24.4,
      apps: 1,
    },
    {
      key: 'microapp:default/reply-drafter',
      label: 'Reply Drafter',
      costUsd: 100,
      costMicros: Math.round(100 * 1_000_000),
      monthToDateUsd: 100,
      budgetUsd: 500,
      requests: 1000,
      inputTokens: 0,
      outputTokens: 0,
      costPerRequestUsd: 0.1,
      previousCostUsd: 80,
      changePct: 25,
      apps: 1,
    },
    {
      key: 'microapp:default/someone-elses-app',
      label: 'Not ours',
      costUsd: 3780,
      costMicros: Math.round(3780 * 1_000_000),
      monthToDateUsd: 3780,
      requests: 1,
      inputTokens: 0,
      outputTokens: 0,
      costPerRequestUsd: 3780,
      previousCostUsd: 0,
      changePct: null,
      apps: 1,
    },
  ],
  series: [],
});

const mockApi = (items: MarketplaceItem[]) =>
  mockMicroAppsApi({
    listApps: async () => ({ items, totalItems: items.length }),
    getCostReport: async () => monthReport,
  });

function renderCard(api: MicroAppsApi) {
  return renderWithMicroAppsApi(
    <EntityProvider entity={team}>
      <GroupMicroAppsCard />
    </EntityProvider>,
    api,
    {
      apis: [
        [
          catalogApiRef,
          catalogApiMock({
            entities: [
              manifest('ticket-triage-classifier', 1000),
              manifest('Reply-Drafter', 500),
              manifest('faq-bot'),
            ],
          }),
        ],
      ],
    },
  );
}

describe('GroupMicroAppsCard', () => {
  setupFixedClock();

  it("lists the team's micro-apps with tier, month against budget, 30-day cost and violations", async () => {
    const api = mockApi(apps);
    renderCard(api);

    const list = await screen.findByRole('list', {
      name: 'Micro-apps owned by Customer Support',
    });
    expect(api.listApps).toHaveBeenCalledWith({
      owner: ['group:default/customer-support'],
      lifecycle: ['draft', 'sandbox', 'canary', 'production', 'decommissioned'],
      sort: 'cost',
      limit: 100,
    });
    expect(api.getCostReport).toHaveBeenCalledWith('app', {
      from: '2026-11-01',
      to: '2026-11-23',
      owner: 'group:default/customer-support',
    });
    expect(
      screen.getByText(
        /November 2026 so far \(UTC\) against each app's monthly budget/,
      ),
    ).toBeInTheDocument();
    // Most costly first, as the marketplace sorted them.
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(entry => entry.getAttribute('aria-label')),
    ).toEqual(['Ticket Triage Classifier', 'Reply Drafter', 'FAQ Bot']);

    const app = (title: string) =>
      within(within(list).getByRole('listitem', { name: title }));

    const triage = app('Ticket Triage Classifier');
    expect(
      triage.getByRole('link', { name: 'Ticket Triage Classifier' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/microapp/ticket-triage-classifier',
    );
    expect(triage.getByText('Medium · 48')).toBeInTheDocument();
    expect(triage.getByText('Production')).toBeInTheDocument();
    expect(
      triage.getByText('$1,120.00 of $1,000.00 (112%)'),
    ).toBeInTheDocument();
    expect(triage.getByText('Over budget by $120.00')).toBeInTheDocument();
    expect(
      triage.getByRole('progressbar', {
        name: 'Ticket Triage Classifier, month to date: 112% of budget',
      }),
    ).toBeInTheDocument();
    expect(triage.getByText('$1,234.50')).toBeInTheDocument();
    expect(triage.getByText('last 30 days')).toBeInTheDocument();
    expect(triage.getByText('3 violations, 1 high')).toBeInTheDocument();

    // Matched with the report's lower-cased key.
    const drafter = app('Reply Drafter');
    expect(drafter.getByText('$100.00 of $500.00 (20%)')).toBeInTheDocument();
    expect(drafter.queryByText(/Over budget/)).not.toBeInTheDocument();
    expect(drafter.getByText('No violations')).toBeInTheDocument();

    // No usage this month and no budget declared.
    const faq = app('FAQ Bot');
    expect(faq.getByText('High · 66')).toBeInTheDocument();
    expect(faq.getAllByText('$0.00')).toHaveLength(2);
    expect(faq.getByText('· no budget set')).toBeInTheDocument();
    expect(faq.getByText('1 violation, not high')).toBeInTheDocument();

    const total = within(region('Total'));
    expect(total.getByText('Total, 3 micro-apps')).toBeInTheDocument();
    // 1,220 of the team budget 1,500: 81 %.
    expect(total.getByText('$1,220.00 of $1,500.00 (81%)')).toBeInTheDocument();
    expect(total.getByText('$1,384.50')).toBeInTheDocument();
    expect(total.getByText('4 violations, 1 high')).toBeInTheDocument();
  });

  it('tells a team without micro-apps how to create one', async () => {
    const api = mockApi([]);
    renderCard(api);

    expect(
      await screen.findByText('Customer Support owns no micro-apps yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Create one from a micro-app software template/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create a micro-app' }),
    ).toHaveAttribute('href', '/create');
    expect(api.getCostReport).not.toHaveBeenCalled();
  });
});
