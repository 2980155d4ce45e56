import { mockApis } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderPage,
  serveReports,
  setupCostsPageTests,
  teamReport,
} from './__testUtils__/costsTestServer';

// jsdom has no layout: give the responsive chart a fixed size.
jest.mock('recharts', () =>
  jest
    .requireActual('../../__testUtils__/fixedSizeRecharts')
    .fixedSizeRecharts(),
);

/** Bob: in finance-ops and a steward group, as in the example organisation. */
const bob = mockApis.identity({
  userEntityRef: 'user:default/bob',
  ownershipEntityRefs: [
    'user:default/bob',
    'group:default/security-stewards',
    'group:default/finance-ops',
  ],
});

describe('CostsPage team scope', () => {
  setupCostsPageTests();

  it("narrows the report to one of the user's teams and keeps it in the URL", async () => {
    const requests = serveReports({ team: teamReport });
    renderPage('/microapps/costs', [bob]);
    await screen.findByRole('region', { name: 'Total cost' });
    expect(requests[0].get('owner')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: /Apps of/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(option => option.textContent)).toEqual([
      'Every team',
      'My team: finance-ops',
      'My team: security-stewards',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: 'My team: finance-ops' }),
    );

    await waitFor(() =>
      expect(requests.at(-1)?.get('owner')).toBe('group:default/finance-ops'),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      'owner=group%3Adefault%2Ffinance-ops',
    );
  });

  it('opens a shared link on that team, also for someone outside it', async () => {
    const requests = serveReports({ team: teamReport });
    renderPage('/microapps/costs?owner=group:default/legal-ops', [bob]);
    await screen.findByRole('region', { name: 'Total cost' });

    expect(requests[0].get('owner')).toBe('group:default/legal-ops');
    expect(screen.getByRole('button', { name: /Apps of/ })).toHaveTextContent(
      'legal-ops',
    );
  });

  it('ignores an owner that is not a group ref', async () => {
    const requests = serveReports({ team: teamReport });
    renderPage('/microapps/costs?owner=user:default/bob', [bob]);
    await screen.findByRole('region', { name: 'Total cost' });

    expect(requests[0].get('owner')).toBeNull();
  });
});
