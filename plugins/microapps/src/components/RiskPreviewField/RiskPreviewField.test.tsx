import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { TemplateParameterSchema } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  evaluateRisk,
  type ModelCatalogEntry,
  type RiskInput,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef, MicroAppsClient } from '../../api';
import { riskPreviewFieldExtensionOptions } from './fieldExtension';
import { RiskPreviewField } from './RiskPreviewField';

const baseUrl = 'http://backstage.test:7007';
const server = setupServer();

const models: ModelCatalogEntry[] = [
  {
    id: 'azure-gpt-4.1-mini',
    provider: 'azure-openai',
    status: 'approved',
    hosting: 'enterprise',
    pricing: { inputPer1M: 0.4, outputPer1M: 1.6 },
  },
  {
    id: 'openai-gpt-4o',
    provider: 'openai',
    status: 'restricted',
    hosting: 'public',
    pricing: { inputPer1M: 2.5, outputPer1M: 10 },
  },
];

/** The specs the backend was asked to score, in order. */
let scored: RiskInput[] = [];

/** The backend's risk endpoint, scoring with the real engine. */
function serveRiskEngine() {
  server.use(
    http.post(`${baseUrl}/api/microapps/risk/evaluate`, async ({ request }) => {
      const { spec } = (await request.json()) as { spec: RiskInput };
      scored.push(spec);
      return HttpResponse.json(evaluateRisk(spec, { models }));
    }),
  );
}

/** The classifier template's last two steps, with the risk preview. */
function manifest(
  uiOptions: Record<string, unknown> = {},
): TemplateParameterSchema {
  return {
    title: 'Micro-app — Ticket classifier',
    steps: [
      {
        title: 'Data and audience',
        schema: {
          required: ['reach', 'classifications', 'pii'],
          properties: {
            reach: {
              title: 'Who uses it',
              type: 'string',
              enum: ['single-user', 'team', 'org-wide', 'external'],
              default: 'team',
            },
            classifications: {
              title: 'Data classifications it touches',
              type: 'array',
              uniqueItems: true,
              items: {
                type: 'string',
                enum: ['public', 'internal', 'confidential', 'regulated'],
              },
              default: ['internal'],
              'ui:widget': 'checkboxes',
            },
            pii: {
              title: 'Personal data reaching the model',
              type: 'string',
              enum: ['none', 'masked', 'raw'],
              default: 'none',
            },
          },
        },
      },
      {
        title: 'Models and budget',
        schema: {
          required: ['models'],
          properties: {
            models: {
              title: 'Models',
              type: 'array',
              uniqueItems: true,
              items: {
                type: 'string',
                enum: ['azure-gpt-4.1-mini', 'openai-gpt-4o'],
              },
              default: ['azure-gpt-4.1-mini'],
              'ui:widget': 'checkboxes',
            },
            riskPreview: {
              title: 'Risk preview',
              description: 'The risk score these answers give the micro-app.',
              type: 'string',
              'ui:field': 'MicroAppRiskPreview',
              'ui:options': {
                spec: {
                  connectors: [
                    {
                      name: 'resource:default/jira',
                      exposure: 'internal',
                      access: 'read',
                    },
                  ],
                  dependencies: { risk: 'minimal' },
                },
                ...uiOptions,
              },
            },
          },
        },
      },
    ],
  };
}

function client() {
  return new MicroAppsClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });
}

/** The scaffolder's own form wizard with the field registered. */
function renderWizard(uiOptions?: Record<string, unknown>) {
  return renderInTestApp(
    <Stepper
      manifest={manifest(uiOptions)}
      extensions={[riskPreviewFieldExtensionOptions]}
      onCreate={jest.fn()}
    />,
    { apis: [[microAppsApiRef, client()]] },
  );
}

describe('RiskPreviewField', () => {
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    // The wizard scrolls to the top on each step; jsdom cannot.
    window.scrollTo = jest.fn();
  });
  beforeEach(() => {
    scored = [];
    serveRiskEngine();
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('scores the answers of every step and re-scores when one changes', async () => {
    renderWizard();
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));

    const preview = await screen.findByRole('region', { name: 'Risk preview' });
    // team 10 + internal data 10 + internal connector 8 + enterprise model 0.
    expect(await within(preview).findByText('Medium · 28')).toBeInTheDocument();
    expect(scored[0]).toEqual({
      reach: 'team',
      data: { classifications: ['internal'], pii: 'none' },
      connectors: [
        { name: 'resource:default/jira', exposure: 'internal', access: 'read' },
      ],
      models: ['azure-gpt-4.1-mini'],
      dependencies: { risk: 'minimal' },
    });
    const factors = within(preview).getByRole('list', { name: 'Risk factors' });
    expect(
      within(factors).getByRole('listitem', {
        name: /^Integration exposure: 8 of 15 points/,
      }),
    ).toBeInTheDocument();
    expect(preview).toHaveTextContent(
      'Before canary it needs Security review; before production, Security review and Production readiness.',
    );
    const hints = within(preview).getByRole('list', {
      name: 'How to lower the risk score',
    });
    expect(
      within(hints).getByText('Limit the audience to a single user: −10'),
    ).toBeInTheDocument();

    // A public model adds model risk; the preview follows the form.
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'openai-gpt-4o' }),
    );
    expect(await within(preview).findByText('Medium · 38')).toBeInTheDocument();
    // One request for the first answers, one for the change.
    expect(scored).toHaveLength(2);
    expect(scored[1].models).toEqual(['azure-gpt-4.1-mini', 'openai-gpt-4o']);
    expect(
      within(preview).getByText(
        'Route to an enterprise-hosted model instead of openai-gpt-4o: −10',
      ),
    ).toBeInTheDocument();
    // The biggest saving comes first.
    expect(
      within(
        within(preview).getByRole('list', {
          name: 'How to lower the risk score',
        }),
      ).getAllByRole('listitem')[0],
    ).toHaveTextContent(/−10$/);

    // The computed tier is the field's value: it shows on the review step.
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await screen.findByText('medium')).toBeInTheDocument();
  });

  it('stops the step when the template caps the tier', async () => {
    renderWizard({ maxTier: 'low' });
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    const preview = await screen.findByRole('region', { name: 'Risk preview' });
    await within(preview).findByText('Medium · 28');

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      (
        await screen.findAllByText(
          /These answers put the micro-app in the medium risk tier; this template is meant for low risk or lower/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('region', { name: 'Risk preview' }),
    ).toBeInTheDocument();
  });

  it('says which answers it still needs instead of guessing', async () => {
    await renderInTestApp(
      <RiskPreviewField
        {...({} as any)}
        name="riskPreview"
        schema={{ type: 'string', title: 'Risk preview' }}
        uiSchema={{}}
        idSchema={{ $id: 'root_riskPreview' } as any}
        formContext={{ formData: { reach: 'team', models: [] } }}
        onChange={jest.fn()}
        onBlur={jest.fn()}
        onFocus={jest.fn()}
        rawErrors={[]}
        disabled={false}
        readonly={false}
      />,
      { apis: [[microAppsApiRef, client()]] },
    );

    expect(
      await screen.findByText(
        'Answer the data classifications it touches, how personal data reaches the model and its dependency risk to see the risk score.',
      ),
    ).toBeInTheDocument();
    expect(scored).toEqual([]);
  });
});
