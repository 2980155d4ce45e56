import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { errorResponse } from '../MicroAppEntity/__testUtils__/microAppTestServer';
import {
  baseUrl,
  server,
  staleSummarizer,
  pendingExtractor,
  overdueInvoices,
  renderInbox,
} from './__testUtils__/stewardInboxTestKit';

describe('StewardInboxPage bulk decisions', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('grants several badges with one comment and lists what the backend refused', async () => {
    let reviews = [pendingExtractor, overdueInvoices, staleSummarizer];
    server.use(
      http.get(`${baseUrl}/api/microapps/reviews`, () =>
        HttpResponse.json({ items: reviews }),
      ),
    );
    const grants: Array<{ url: string; comment: unknown }> = [];
    server.use(
      http.post(
        `${baseUrl}/api/microapps/apps/:namespace/:name/badges/:badge/grant`,
        async ({ request, params }) => {
          const body = (await request.json()) as { comment: unknown };
          grants.push({
            url: new URL(request.url).pathname,
            comment: body.comment,
          });
          if (params.name === 'contract-clause-extractor') {
            return errorResponse(
              403,
              'NotAllowedError',
              'Separation of duties: you already granted security-review on this high-tier app; another steward must grant executive-signoff',
            );
          }
          reviews = reviews.filter(
            item =>
              item.entityRef !== `microapp:${params.namespace}/${params.name}`,
          );
          return HttpResponse.json({});
        },
      ),
    );
    renderInbox();
    await screen.findByText('Waiting for you (3)');
    expect(
      screen.queryByRole('region', { name: 'Decide the selected reviews' }),
    ).not.toBeInTheDocument();

    const rowOf = (title: string) =>
      screen.getByRole('link', { name: title }).closest('tr') as HTMLElement;
    await userEvent.click(
      within(rowOf('Invoice Field Extractor')).getByRole('checkbox'),
    );
    await userEvent.click(
      within(rowOf('Contract Clause Extractor')).getByRole('checkbox'),
    );
    const bar = screen.getByRole('region', {
      name: 'Decide the selected reviews',
    });
    expect(bar).toHaveTextContent('2 selected');
    await userEvent.click(within(bar).getByRole('button', { name: 'Grant…' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Grant 2 badges',
    });
    const listed = within(dialog).getByRole('list', {
      name: 'Badges in this decision',
    });
    expect(listed).toHaveTextContent('Invoice Field ExtractorSecurity review');
    expect(listed).toHaveTextContent('Pending · overdue');
    expect(listed).toHaveTextContent(
      'Contract Clause ExtractorExecutive sign-off',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grant each' }),
    );
    expect(grants).toHaveLength(0);
    expect(dialog).toHaveTextContent('Write a comment');

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Comment/ }),
      'Reviewed the manifests',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Grant each' }),
    );

    const outcome = await screen.findByRole('alert');
    expect(outcome).toHaveTextContent('Granted 1 of 2 badges.');
    expect(
      within(outcome).getByRole('list', { name: 'Refused' }),
    ).toHaveTextContent(
      'Contract Clause Extractor, Executive sign-off: Separation of duties: you already granted security-review',
    );
    expect(grants.map(grant => grant.comment)).toEqual([
      'Reviewed the manifests',
      'Reviewed the manifests',
    ]);
    expect(grants.map(grant => grant.url).sort()).toEqual([
      '/api/microapps/apps/default/invoice-field-extractor/badges/security-review/grant',
      '/api/microapps/apps/legal/contract-clause-extractor/badges/executive-signoff/grant',
    ]);
    // The inbox is read again: the granted review is gone.
    expect(await screen.findByText('Waiting for you (2)')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Invoice Field Extractor' }),
    ).not.toBeInTheDocument();
  });
});
