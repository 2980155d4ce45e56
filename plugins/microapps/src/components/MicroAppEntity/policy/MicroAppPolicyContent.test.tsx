import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  KillSwitchState,
  Violation,
  ViolationPage,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { MicroAppPolicyContent } from './MicroAppPolicyContent';
import { utcDay } from '../shared/formatTimes';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import { appUrl, entity, entityRef } from '../__testUtils__/microAppTestServer';

// usePermission keeps each decision in a cache shared by every test of a file
// (SWR), so the tests of one file all run with the same permissions: here a
// user allowed to set the kill switch. MicroAppPolicyContent.readOnly.test.tsx
// covers everyone else.
const server = setupServer();

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const today = utcDay(new Date());

const violation: Violation = {
  id: 'v-1',
  entityRef,
  type: 'pii_detected',
  severity: 'high',
  rule: 'pii.email-in-prompt',
  decision: 'redact',
  traceId,
  spanId: '00f067aa0ba902b7',
  occurredAt: `${today}T08:30:00.000Z`,
  detail: 'An email address reached the prompt',
  source: 'reported',
};

const page = (items: Violation[]): ViolationPage => ({
  items,
  totalItems: items.length,
  series: items.length
    ? [
        { date: today, type: 'pii_detected', count: 2 },
        { date: today, type: 'egress_blocked', count: 1 },
      ]
    : [],
});

function renderTab(config?: Record<string, unknown>) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <MicroAppPolicyContent />
    </EntityProvider>,
    {
      apis: [
        [microAppsApiRef, createClient()],
        mockApis.permission({
          authorize: request =>
            request.permission.name === 'microapps.killswitch.engage' ||
            request.permission.name === 'microapps.killswitch.release'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
      ],
      config: config as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Handlers for the kill switch (off until set) and the violations. */
function handlers(violations: ViolationPage, seen: URL[] = []) {
  let killSwitch: KillSwitchState = { entityRef, enabled: false };
  const posted: unknown[] = [];
  server.use(
    http.get(`${appUrl}/kill-switch`, () => HttpResponse.json(killSwitch)),
    http.post(`${appUrl}/kill-switch`, async ({ request }) => {
      const body = (await request.json()) as {
        enabled: boolean;
        reason: string;
      };
      posted.push(body);
      killSwitch = {
        entityRef,
        enabled: body.enabled,
        reason: body.reason,
        updatedBy: 'user:default/sam-security',
        updatedAt: new Date().toISOString(),
      };
      return HttpResponse.json(killSwitch);
    }),
    http.get(`${appUrl}/violations`, ({ request }) => {
      seen.push(new URL(request.url));
      return HttpResponse.json(violations);
    }),
  );
  return { posted };
}

describe('MicroAppPolicyContent', () => {
  beforeAll(() => {
    // recharts' ResponsiveContainer measures its box; jsdom cannot.
    global.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('lists violations and links trace ids through the configured trace viewer', async () => {
    const seen: URL[] = [];
    handlers(page([violation]), seen);
    renderTab({
      microapps: {
        traceViewerUrlTemplate: 'https://jaeger.example.com/trace/{traceId}',
      },
    });

    const row = await screen.findByRole('row', { name: /PII detected/ });
    expect(within(row).getByText('High')).toBeInTheDocument();
    expect(within(row).getByText('pii.email-in-prompt')).toBeInTheDocument();
    expect(within(row).getByText('Redacted')).toBeInTheDocument();
    expect(within(row).getByText('Reported by the app')).toBeInTheDocument();
    expect(
      within(row).getByText('An email address reached the prompt'),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('link', {
        name: `4bf92f35… open trace ${traceId}, Opens in a new window`,
      }),
    ).toHaveAttribute('href', `https://jaeger.example.com/trace/${traceId}`);

    expect(
      screen.getByRole('img', {
        name: /Violations per day by type .*: 3 in total, PII detected, Egress blocked/,
      }),
    ).toBeInTheDocument();
    expect(seen[0].searchParams.get('to')).toBe(today);
    expect(seen[0].searchParams.get('from')).toBe(utcDay(new Date(), -29));
  });

  it('shows the trace id as text when no trace viewer is configured', async () => {
    handlers(page([violation]));
    renderTab();

    const row = await screen.findByRole('row', { name: /PII detected/ });
    // Abbreviated on one line, the whole id in its title.
    expect(within(row).getByText('4bf92f35…')).toHaveAttribute(
      'title',
      traceId,
    );
    expect(within(row).queryByRole('link')).not.toBeInTheDocument();
  });

  it('filters by severity and says what to do when nothing was reported', async () => {
    const seen: URL[] = [];
    handlers(page([]), seen);
    renderTab();

    expect(
      await screen.findByText('No violations in the last 30 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /trellis\.policy\.\* span attributes|trellis\.policy\.decision/,
      ),
    ).toBeInTheDocument();

    const severity = screen.getByRole('group', { name: 'Severity' });
    await userEvent.click(
      within(severity).getByRole('button', { name: 'High' }),
    );

    expect(
      await screen.findByText('No violations match these filters'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(seen[seen.length - 1].searchParams.getAll('severity')).toEqual([
        'high',
      ]),
    );
  });

  it('asks for a reason and a confirmation before turning the kill switch on', async () => {
    const { posted } = handlers(page([]));
    renderTab();

    const toggle = await screen.findByRole('switch', {
      name: /Kill switch off/,
    });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);

    const dialog = await screen.findByRole('dialog', {
      name: 'Turn the kill switch on for Ticket Triage Classifier?',
    });
    expect(
      within(dialog).getByText(/Model gateways will refuse every call/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Turn on' }),
    );
    expect(
      within(dialog).getByText(
        'A reason is required: say why you turn the kill switch on.',
      ),
    ).toBeInTheDocument();
    expect(posted).toHaveLength(0);

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Leaking tickets',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Turn on' }),
    );

    expect(await screen.findByText('Kill switch is on')).toBeInTheDocument();
    expect(posted).toEqual([{ enabled: true, reason: 'Leaking tickets' }]);
    expect(
      await screen.findByRole('switch', { name: /Kill switch on/ }),
    ).toBeChecked();
  });
});
