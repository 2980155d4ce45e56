import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import {
  baseUrl,
  server,
  staleSummarizer,
  pendingExtractor,
  expiredClassifier,
  overdueInvoices,
  serveReviews,
  renderInbox,
} from './__testUtils__/stewardInboxTestKit';

describe('StewardInboxPage', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('lists the reviews oldest first with risk, badge, age and state', async () => {
    // Out of order on purpose: the inbox puts the longest wait on top.
    serveReviews([pendingExtractor, expiredClassifier, staleSummarizer]);
    renderInbox();

    expect(
      await screen.findByRole('link', { name: 'Ticket Summarizer' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Waiting for you (3)')).toBeInTheDocument();
    expect(
      screen.getByText('1 stale · 1 waiting 14 days or more'),
    ).toBeInTheDocument();

    const [, first, second, third] = screen.getAllByRole('row');
    expect(within(first).getByText('Ticket Summarizer')).toBeInTheDocument();
    expect(
      within(second).getByText('Contract Clause Extractor'),
    ).toBeInTheDocument();
    expect(
      within(third).getByText('IT Request Classifier'),
    ).toBeInTheDocument();

    const summarizer = within(first);
    expect(summarizer.getByText('customer-support')).toBeInTheDocument();
    expect(summarizer.getByText('Medium · 38')).toBeInTheDocument();
    expect(summarizer.getByText('Security review')).toBeInTheDocument();
    expect(summarizer.getByText('before canary')).toBeInTheDocument();
    // Three weeks is long: the age is highlighted and says so on hover.
    expect(summarizer.getByText('waiting 21 days')).toHaveAttribute(
      'title',
      expect.stringContaining('waiting 14 days or more'),
    );
    expect(summarizer.getByText('Stale')).toBeInTheDocument();

    const extractor = within(second);
    expect(extractor.getByText('High · 72')).toBeInTheDocument();
    expect(extractor.getByText('Executive sign-off')).toBeInTheDocument();
    expect(extractor.getByText('before production')).toBeInTheDocument();
    // Counted from Trellis's first sighting: the text claims no more than that.
    const extractorAge = extractor.getByText(
      'first seen by Trellis 12 days ago',
    );
    expect(extractorAge).toHaveAttribute(
      'title',
      expect.stringContaining('Waiting since Trellis first saw the app on'),
    );
    expect(extractorAge).toHaveAttribute(
      'title',
      expect.not.stringContaining('or more'),
    );
    expect(extractor.getByText('Pending')).toBeInTheDocument();

    const classifier = within(third);
    expect(classifier.getByText('waiting 1 day')).toHaveAttribute(
      'title',
      expect.stringMatching(/^Due since /),
    );
    expect(classifier.getByText('Expired')).toBeInTheDocument();
    expect(classifier.getByText('Production readiness')).toBeInTheDocument();
  });

  it('shows what changed on a stale badge, before and after', async () => {
    serveReviews([staleSummarizer, pendingExtractor]);
    renderInbox();

    const changes = await screen.findByRole('list', { name: 'What changed' });
    const [models, connectors] = within(changes).getAllByRole('listitem');
    expect(models).toHaveTextContent(
      'Models: azure-gpt-4.1-mini → azure-gpt-4.1-mini, deepseek-chat',
    );
    expect(connectors).toHaveTextContent(
      'Connectors: jira (internal, read) → jira (internal, read), slack (third-party, write)',
    );
    // Only the stale review has a diff.
    expect(screen.getAllByRole('list', { name: 'What changed' })).toHaveLength(
      1,
    );
  });

  it("takes the steward to the app's Governance tab in one click", async () => {
    serveReviews([staleSummarizer, pendingExtractor]);
    renderInbox();

    expect(
      await screen.findByRole('link', { name: 'Ticket Summarizer' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/microapp/ticket-summarizer/governance',
    );
    expect(
      screen.getByRole('link', {
        name: 'Review Executive sign-off of Contract Clause Extractor',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/legal/microapp/contract-clause-extractor/governance',
    );
  });

  it('says when nothing waits and who gets reviews', async () => {
    serveReviews([]);
    renderInbox();

    expect(
      await screen.findByText('Nothing waits for your review.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Apps that your own team owns are left out/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error from the backend', async () => {
    server.use(
      http.get(`${baseUrl}/api/microapps/reviews`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'AuthenticationError',
              message: 'Sign in to see your reviews',
            },
            request: { method: 'GET', url: '/api/microapps/reviews' },
            response: { statusCode: 401 },
          },
          { status: 401 },
        ),
      ),
    );
    renderInbox();

    expect(
      await screen.findByText('Sign in to see your reviews'),
    ).toBeInTheDocument();
  });

  it('lists overdue reviews first, says so in words, and shows requested changes', async () => {
    serveReviews([pendingExtractor, overdueInvoices, staleSummarizer]);
    renderInbox();

    expect(
      await screen.findByRole('link', { name: 'Invoice Field Extractor' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 overdue · 1 stale · 1 waiting 14 days or more'),
    ).toBeInTheDocument();
    const [, first, second] = screen.getAllByRole('row');
    const invoices = within(first);
    expect(invoices.getByText('Invoice Field Extractor')).toBeInTheDocument();
    expect(
      invoices.getByText(
        'Overdue — running in production without Security review',
      ),
    ).toBeInTheDocument();
    expect(first).toHaveTextContent(
      'Changes requested: Mask supplier bank details before logging',
    );
    // Trellis saw the app for the first time today: not "waiting since today".
    expect(
      invoices.getByText('first seen by Trellis today'),
    ).toBeInTheDocument();
    expect(first).not.toHaveTextContent('waiting since today');
    expect(within(second).getByText('Ticket Summarizer')).toBeInTheDocument();
  });

  it('narrows the list to overdue reviews, a badge or a tier', async () => {
    serveReviews([pendingExtractor, overdueInvoices, staleSummarizer]);
    renderInbox();

    await screen.findByText('Waiting for you (3)');
    await userEvent.click(screen.getByLabelText('Overdue only'));
    expect(screen.getByText('Waiting for you (1)')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Ticket Summarizer' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Overdue only'));

    await userEvent.click(screen.getByLabelText('Badge'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Executive sign-off' }),
    );
    expect(screen.getByText('Waiting for you (1)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Contract Clause Extractor' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Badge'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Every badge' }),
    );
    await userEvent.click(screen.getByLabelText('Risk tier'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Medium' }),
    );
    expect(screen.getByText('Waiting for you (2)')).toBeInTheDocument();
  });
});
