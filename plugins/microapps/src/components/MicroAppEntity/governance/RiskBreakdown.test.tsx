import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import {
  evaluateRisk,
  type ModelCatalogEntry,
} from '@trellis/plugin-microapps-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { microAppsApiRef } from '../../../api';
import { createClient } from '../../../__testUtils__/microAppsTestKit';
import {
  apiUrl,
  baseHandlers,
  entity,
  models as baseModels,
} from '../__testUtils__/microAppTestServer';
import { RiskBreakdown } from './RiskBreakdown';
import { RiskSimulator } from './RiskSimulator';

const models: ModelCatalogEntry[] = [
  ...baseModels,
  {
    id: 'deepseek-chat',
    provider: 'deepseek',
    status: 'prohibited',
    hosting: 'public',
    pricing: { inputPer1M: 0.27, outputPer1M: 1.1 },
  },
];
// The test entity: confidential 25 + team 10 + third-party write 15 = 50,
// plus a public model 10 = 60, already high: the prohibited model adds 0.
const spec = { ...entity.spec, models: ['deepseek-chat'] };
const risk = evaluateRisk(spec, { models });
// Only the prohibited model on an otherwise empty spec: 10 (public) + 41 = 51.
const small = evaluateRisk(
  {
    reach: 'single-user',
    data: { classifications: ['public'], pii: 'none' },
    models: ['deepseek-chat', 'homegrown-llm'],
    dependencies: { risk: 'minimal' },
  },
  { models },
);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('RiskBreakdown', () => {
  it('says first that a prohibited model is not allowed, and still sums to the score', async () => {
    await renderInTestApp(<RiskBreakdown risk={small} />);
    // unvetted homegrown-llm 15 (the riskiest model) + prohibited 51 − 15 = 36: 51, high.
    expect(screen.getByText('High · 51')).toBeInTheDocument();
    expect(screen.getByText('Not allowed in this portal')).toBeInTheDocument();
    const factors = screen.getByRole('list', { name: 'Risk factors' });
    const prohibited = within(factors).getByRole('listitem', {
      name: 'Prohibited model',
    });
    expect(within(prohibited).getByText('Not allowed')).toBeInTheDocument();
    expect(within(prohibited).getByText('+36 points')).toBeInTheDocument();
    expect(
      within(factors).getByRole('listitem', { name: 'Model risk' }),
    ).toHaveTextContent(
      'Calls homegrown-llm (not in the model catalog, so unvetted); also deepseek-chat (prohibited, public-hosted)',
    );
  });

  it('shows nothing not allowed for allowed models', async () => {
    await renderInTestApp(
      <RiskBreakdown risk={evaluateRisk(entity.spec, { models })} />,
    );
    expect(screen.queryByText(/Not allowed/)).not.toBeInTheDocument();
  });
});

describe('RiskSimulator', () => {
  it('says a prohibited model is not allowed and names the models', async () => {
    server.use(
      ...baseHandlers(),
      http.get(`${apiUrl}/models`, () => HttpResponse.json({ items: models })),
    );
    await renderInTestApp(<RiskSimulator spec={spec} current={risk} />, {
      apis: [[microAppsApiRef, createClient()]],
    });
    const verdict = await screen.findByRole('alert', { name: 'Not allowed' });
    expect(verdict).toHaveTextContent(
      'deepseek-chat is prohibited in this portal — remove it.',
    );
    expect(
      screen.getByText(
        'Models: Calls deepseek-chat (prohibited, public-hosted)',
      ),
    ).toBeInTheDocument();
    expect(risk).toMatchObject({ score: 60, tier: 'high' });
  });
});
