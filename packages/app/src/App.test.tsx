import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import { installFakeBackend } from './testing/fakeBackend';

const marketplaceItem = {
  entityRef: 'microapp:default/ticket-triage-classifier',
  name: 'ticket-triage-classifier',
  namespace: 'default',
  title: 'Ticket Triage Classifier',
  owner: 'group:default/customer-support',
  type: 'classifier',
  lifecycle: 'production',
  tags: [],
  tier: 'medium',
  score: 48,
  models: ['bedrock-claude-3-5-haiku'],
  dataClasses: ['internal', 'confidential'],
  badges: [
    { badge: 'security-review', state: 'pending' },
    { badge: 'compliance-review', state: 'pending' },
    { badge: 'executive-signoff', state: 'pending' },
    { badge: 'production-readiness', state: 'pending' },
  ],
  // What the backend answers for a medium-tier production app without its badges.
  status: {
    id: 'overdue',
    label: 'Running without required approvals',
    severity: 'warning',
    stage: 'production',
    requiredBadges: ['security-review', 'production-readiness'],
    missingBadges: ['security-review', 'production-readiness'],
  },
  cost30dUsd: 0,
  requests30d: 0,
  users30d: 0,
  violations30d: 0,
};

/**
 * What `backstage-cli package build|start` injects for `app.packages: all`:
 * the default exports (main and `/alpha`) of the app's dependencies whose
 * role is frontend-plugin or frontend-plugin-module.
 */
function discoverFrontendPackages() {
  const { dependencies } = require('../package.json');
  return Object.keys(dependencies).flatMap(name => {
    const { backstage, exports } = require(`${name}/package.json`);
    if (
      !['frontend-plugin', 'frontend-plugin-module'].includes(backstage?.role)
    ) {
      return [];
    }
    const entries = [{ name, default: require(name).default }];
    if (exports && typeof exports === 'object' && './alpha' in exports) {
      entries.push({
        name,
        export: './alpha',
        default: require(`${name}/alpha`).default,
      } as (typeof entries)[number]);
    }
    return entries;
  });
}

describe('App', () => {
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Trellis', packages: 'all' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    (window as any)['__@backstage/discovered__'] = {
      modules: discoverFrontendPackages(),
    };
    window.history.replaceState(null, '', '/');
  });

  afterEach(() => {
    window.localStorage.clear();
    delete (window as any)['__@backstage/discovered__'];
    jest.restoreAllMocks();
  });

  it('asks who you are, then lands on the micro-app marketplace', async () => {
    installFakeBackend({
      routes: {
        '/api/microapps/apps': () => ({
          items: [marketplaceItem],
          totalItems: 1,
        }),
      },
    });

    render(App.createRoot());

    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Sign in as Alice Example' },
        { timeout: 15_000 },
      ),
    );

    // The whole app loads lazily in jsdom: give it time.
    expect(
      await screen.findByRole(
        'link',
        { name: 'Ticket Triage Classifier' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(window.location.pathname).toBe('/microapps'));
    expect(window.localStorage.getItem('trellis.devUser')).toBe('alice');

    // Micro-apps is the first item of the sidebar menu.
    const sidebar = screen.getByRole('navigation', { name: 'sidebar nav' });
    const [first] = within(sidebar)
      .getAllByRole('link')
      .filter(link => link.getAttribute('href') !== '/');
    expect(first).toHaveTextContent('Micro-apps');
    expect(first).toHaveAttribute('href', '/microapps');
  }, 60_000);
});
