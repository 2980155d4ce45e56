import { screen, within } from '@testing-library/react';
import { appStatus } from '@trellis/plugin-microapps-common';
import { marketplaceItem } from '../../__testUtils__/microAppsTestKit';
import { mockApi, page, renderPage } from './__testUtils__/marketplaceTestApp';

const withAddress = marketplaceItem({
  url: 'https://apps.acme.example/ticket-triage-classifier',
});
const switchedOff = marketplaceItem({
  entityRef: 'microapp:default/lead-scoring-classifier',
  name: 'lead-scoring-classifier',
  title: 'Lead Scoring Classifier',
  url: 'https://apps.acme.example/lead-scoring-classifier',
  status: appStatus({
    tier: 'medium',
    lifecycle: 'production',
    badges: [],
    killSwitchEngaged: true,
  }),
});
const withoutAddress = marketplaceItem({
  entityRef: 'microapp:default/exit-interview-theme-finder',
  name: 'exit-interview-theme-finder',
  title: 'Exit Interview Theme Finder',
});

const rowOf = (title: string) =>
  screen.getByRole('link', { name: title }).closest('tr') as HTMLElement;

describe('MarketplacePage open-app links', () => {
  it('links a row to the app itself, unless its kill switch is on or it has no address', async () => {
    renderPage(
      mockApi(async () => page([withAddress, switchedOff, withoutAddress])),
    );
    await screen.findByRole('link', { name: 'Ticket Triage Classifier' });

    expect(
      within(rowOf('Ticket Triage Classifier')).getByRole('link', {
        name: /Open app: Ticket Triage Classifier/,
      }),
    ).toHaveAttribute(
      'href',
      'https://apps.acme.example/ticket-triage-classifier',
    );
    expect(
      within(rowOf('Lead Scoring Classifier')).queryByRole('link', {
        name: /^Open app/,
      }),
    ).not.toBeInTheDocument();
    expect(
      within(rowOf('Exit Interview Theme Finder')).queryByRole('link', {
        name: /^Open app/,
      }),
    ).not.toBeInTheDocument();
  });
});
