import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import { appUrl, entityRef } from '../__testUtils__/microAppTestServer';
import { KillSwitchCard } from './KillSwitchCard';

// Every test of this file is a steward allowed to release (see the note on
// usePermission's cache in MicroAppPolicyContent.test.tsx).
const server = setupServer();

const ADA = 'user:default/ada';
const NORA = 'user:default/nora';
const NAMES: Record<string, string> = { [ADA]: 'Ada Lovelace' };

const policySwitch: KillSwitchState = {
  entityRef,
  enabled: true,
  reason: 'Personal data in 12 prompts within 10 minutes',
  updatedBy: 'policy:pii-burst-on-sensitive-data',
  updatedAt: '2026-12-03T09:00:00.000Z',
  engagedByRole: 'policy',
  releasableBy: 'stewards',
  releaseStewardRoles: ['security', 'platform'],
  releaseNeedsTwoStewards: true,
};
const requested: KillSwitchState = {
  ...policySwitch,
  releaseRequest: {
    requestedBy: ADA,
    requestedAt: '2026-12-03T10:14:00.000Z',
    reason: 'Test data, not customers',
  },
};

/** The switch as the server holds it; a first release answers 202 with the request. */
function handlers(initial: KillSwitchState) {
  let killSwitch = initial;
  const posted: unknown[] = [];
  server.use(
    http.get(`${appUrl}/kill-switch`, () => HttpResponse.json(killSwitch)),
    http.post(`${appUrl}/kill-switch`, async ({ request }) => {
      const body = (await request.json()) as { reason: string };
      posted.push(body);
      if (!killSwitch.releaseRequest) {
        killSwitch = {
          ...killSwitch,
          releaseRequest: {
            requestedBy: ADA,
            requestedAt: '2026-12-03T10:14:00.000Z',
            reason: body.reason,
          },
        };
        return HttpResponse.json(killSwitch, { status: 202 });
      }
      killSwitch = {
        entityRef,
        enabled: false,
        reason: body.reason,
        updatedBy: NORA,
        updatedAt: new Date().toISOString(),
      };
      return HttpResponse.json(killSwitch);
    }),
  );
  return { posted };
}

function renderCard(viewer: string) {
  return renderInTestApp(
    <KillSwitchCard
      entityRef={entityRef}
      appTitle="Payroll Anomaly Detector"
      dataClasses={['internal', 'confidential']}
    />,
    {
      apis: [
        [microAppsApiRef, createClient()],
        mockApis.identity({ userEntityRef: viewer }),
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        [
          entityPresentationApiRef,
          {
            forEntity: (ref: string) => {
              const snapshot = {
                entityRef: ref,
                primaryTitle: NAMES[ref] ?? ref,
              };
              return { snapshot, promise: Promise.resolve(snapshot) };
            },
          },
        ],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('KillSwitchCard, a policy switch two stewards must release', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('says two stewards must release it, and a first release shows the pending request without a reload', async () => {
    const { posted } = handlers(policySwitch);
    await renderCard(ADA);
    expect(
      await screen.findByText(
        'Engaged by policy pii-burst-on-sensitive-data on confidential data: two stewards must release it',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('switch', { name: /a second steward must confirm/ }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Ask to release the kill switch of Payroll Anomaly Detector?',
    });
    expect(within(dialog).getByText(/You are the first/)).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Test data, not customers',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request release' }),
    );
    expect(
      await screen.findByText(/Release requested by Ada Lovelace on/),
    ).toHaveTextContent(
      /waiting for a second steward\. Reason: “Test data, not customers”/,
    );
    expect(posted).toEqual([
      { enabled: false, reason: 'Test data, not customers' },
    ]);
    expect(screen.getByText('Kill switch is on')).toBeInTheDocument();
  });

  it('keeps the release disabled for the steward who asked', async () => {
    handlers(requested);
    await renderCard(ADA);
    expect(
      await screen.findByText(/Release requested by Ada Lovelace/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('switch', {
        name: /you asked to release it; a second steward must confirm it/,
      }),
    ).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: 'Confirm release' }),
    ).not.toBeInTheDocument();
  });

  it('lets another steward confirm the release as the second key', async () => {
    const { posted } = handlers(requested);
    await renderCard(NORA);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Confirm release' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Confirm the release of the kill switch of Payroll Anomaly Detector?',
    });
    expect(
      within(dialog).getByText(/You are the second key/),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Agreed',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Confirm release' }),
    );
    expect(
      await screen.findByText(
        'Off: model gateways let this app call its models.',
      ),
    ).toBeInTheDocument();
    expect(posted).toEqual([{ enabled: false, reason: 'Agreed' }]);
  });
});
