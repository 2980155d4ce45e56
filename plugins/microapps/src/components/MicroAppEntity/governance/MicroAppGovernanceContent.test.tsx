import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RiskInput } from '@trellis/plugin-microapps-common';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { MicroAppGovernanceContent } from './MicroAppGovernanceContent';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import {
  appDetail,
  baseHandlers,
  entity,
} from '../__testUtils__/microAppTestServer';

// usePermission keeps each decision in a cache shared by every test of a file
// (SWR), so the tests of one file all run with the same permissions: here a
// user who may do nothing. MicroAppGovernanceContent.steward.test.tsx covers
// a steward.
const server = setupServer();

const permissionApi = mockApis.permission({ authorize: AuthorizeResult.DENY });

function renderTab() {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <MicroAppGovernanceContent />
    </EntityProvider>,
    {
      apis: [[microAppsApiRef, createClient()], permissionApi],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const badgeRow = (title: string) =>
  screen.getByRole('row', { name: new RegExp(`^${title}`) });

describe('MicroAppGovernanceContent (a user without permissions)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('explains the score factor by factor, with points, reasons and hints', async () => {
    server.use(...baseHandlers());
    renderTab();

    const factors = await screen.findByRole('list', { name: 'Risk factors' });
    const data = within(factors).getByRole('listitem', {
      name: 'Data sensitivity',
    });
    expect(within(data).getByText('25 of 40 points')).toBeInTheDocument();
    expect(
      within(data).getByText(
        'Touches confidential data (its most sensitive class)',
      ),
    ).toBeInTheDocument();
    expect(
      within(data).getByText(/so the app touches at most internal data: −15/),
    ).toBeInTheDocument();
    const exposure = within(factors).getByRole('listitem', {
      name: 'Integration exposure',
    });
    expect(within(exposure).getByText('15 of 15 points')).toBeInTheDocument();
    expect(
      within(factors).getByRole('listitem', { name: 'Model risk' }),
    ).toHaveTextContent('0 of 15 points');
  });

  it('says which policy asked for a new review of a badge, and that its grant no longer counts', async () => {
    const detail = appDetail();
    detail.badges = detail.badges.map(badge =>
      badge.badge === 'security-review'
        ? {
            ...badge,
            state: 'stale',
            staleReason: 'review-required',
            reviewRequiredBy: 'stale-approval',
            reviewRequiredAt: '2026-11-20T10:00:00.000Z',
            changes: [],
          }
        : badge,
    );
    server.use(...baseHandlers(() => detail));
    renderTab();

    const row = await screen.findByRole('row', { name: /^Security review/ });
    expect(within(row).getByText('Stale')).toBeInTheDocument();
    expect(row).toHaveTextContent(
      'Policy stale-approval asked for a new review on Nov 20, 2026; the grant no longer counts until a steward grants it again.',
    );
    expect(within(row).queryByText('Changed since the review:')).toBeNull();
  });

  it('moves the what-if score when the data classification changes', async () => {
    const scored: RiskInput[] = [];
    server.use(...baseHandlers(undefined, scored));
    renderTab();

    const classes = await screen.findByRole('group', {
      name: 'Data classifications',
    });
    const result = screen.getByRole('region', { name: 'What-if result' });
    // Before any edit, both sides show the current score.
    expect(within(result).getAllByText('Medium · 50')).toHaveLength(2);

    await userEvent.click(
      within(classes).getByRole('button', { name: 'Regulated' }),
    );

    // regulated 40 instead of confidential 25: 50 + 15 = 65, high.
    expect(await within(result).findByText('High · 65')).toBeInTheDocument();
    expect(within(result).getByText('Medium · 50')).toBeInTheDocument();
    expect(within(result).getByText('+15 points')).toBeInTheDocument();
    expect(
      within(result).getByText('Data sensitivity: 25 → 40 points'),
    ).toBeInTheDocument();
    expect(
      within(result).getByText(/The tier would change from medium to high/),
    ).toBeInTheDocument();
    expect(
      within(result).getByText(
        /Keep regulated data out so the app touches at most confidential data: −15/,
      ),
    ).toBeInTheDocument();
    // One request once the edit settled, with the edited classes.
    expect(scored).toHaveLength(1);
    expect(scored[0]).toMatchObject({
      reach: 'team',
      data: {
        classifications: ['internal', 'confidential', 'regulated'],
        pii: 'masked',
      },
      models: ['bedrock-claude-3-5-haiku'],
    });
  });

  it('offers no grant or revoke, and says who may read the audit history', async () => {
    server.use(...baseHandlers());
    renderTab();

    expect(await screen.findByText('Approval badges')).toBeInTheDocument();
    const stale = badgeRow('Production readiness');
    expect(within(stale).getByText('Stale')).toBeInTheDocument();
    expect(
      within(stale).getByRole('list', { name: 'Changed since the review' }),
    ).toHaveTextContent(
      'data.classifications: internal → internal, confidential',
    );
    expect(
      screen.queryByRole('button', { name: /^Grant / }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Revoke / }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/visible to people allowed to read the audit log/),
    ).toBeInTheDocument();
  });
});
