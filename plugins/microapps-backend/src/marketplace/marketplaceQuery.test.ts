import type {
  MarketplaceItem,
  MarketplacePage,
} from '@trellis/plugin-microapps-common';
import {
  buildMarketplaceSnapshot,
  type ParsedMarketplaceQuery,
  queryMarketplace,
} from './marketplaceQuery';
import { MarketplaceSearch } from './marketplaceSearch';

function app(
  name: string,
  fields: Partial<MarketplaceItem> = {},
): { item: MarketplaceItem } {
  return {
    item: {
      entityRef: `microapp:default/${name}`,
      name,
      namespace: 'default',
      title: name,
      owner: 'group:default/platform',
      type: 'other',
      lifecycle: 'production',
      tags: [],
      tier: 'low',
      score: 10,
      models: ['azure-gpt-4.1-mini'],
      dataClasses: ['internal'],
      badges: [],
      status: {
        id: 'approved',
        label: 'Approved',
        severity: 'ok',
        stage: 'production',
        requiredBadges: [],
        missingBadges: [],
      },
      cost30dUsd: 0,
      requests30d: 0,
      costPerRequestUsd: 0,
      users30d: 0,
      violations30d: 0,
      highViolations30d: 0,
      ...fields,
    } as MarketplaceItem,
  };
}

const APPS = [
  app('meeting-notes-summarizer', {
    title: 'Meeting Notes Summarizer',
    description: 'Turns call transcripts into action items.',
    type: 'summarizer',
    owner: 'group:default/people-ops',
    models: ['claude-sonnet-4'],
    score: 30,
  }),
  app('ticket-router', {
    title: 'Ticket Router',
    description:
      'Routes support tickets; can summarize a thread for the agent.',
    type: 'classifier',
    score: 60,
  }),
  app('invoice-field-extractor', {
    title: 'Invoice Field Extractor',
    description: 'Pulls totals out of supplier invoices.',
    type: 'extractor',
    owner: 'group:default/finance-ops',
    dataClasses: ['confidential'],
    score: 20,
  }),
  app('contract-drafting-helper', {
    title: 'Contract Drafting Helper',
    lifecycle: 'draft',
  }),
  app('legacy-meeting-minutes', {
    title: 'Legacy Meeting Minutes',
    description: 'Summaries of old meetings.',
    lifecycle: 'decommissioned',
  }),
];

const snapshot = buildMarketplaceSnapshot(APPS);

function query(
  q: Partial<ParsedMarketplaceQuery>,
  visible?: (entityRef: string) => boolean,
): MarketplacePage {
  return queryMarketplace(
    snapshot,
    { sort: q.q ? 'relevance' : 'name', limit: 50, offset: 0, ...q },
    visible,
  );
}
const names = (page: MarketplacePage) => page.items.map(item => item.name);

describe('queryMarketplace search', () => {
  it('finds meeting-notes-summarizer for a sentence in other word forms', () => {
    expect(names(query({ q: 'summarize my meeting notes' }))[0]).toBe(
      'meeting-notes-summarizer',
    );
    expect(names(query({ q: 'summaries' }))).toContain(
      'meeting-notes-summarizer',
    );
  });

  it('forgives a typo and a half-typed word', () => {
    expect(names(query({ q: 'sumarizer' }))[0]).toBe(
      'meeting-notes-summarizer',
    );
    expect(names(query({ q: 'meetin' }))).toEqual(['meeting-notes-summarizer']);
  });

  it('ranks an app whose title matches above one whose description does', () => {
    expect(names(query({ q: 'summarize' }))).toEqual([
      'meeting-notes-summarizer',
      'ticket-router',
    ]);
  });

  it('matches words of the owner, the models and the type', () => {
    expect(names(query({ q: 'finance-ops' }))).toEqual([
      'invoice-field-extractor',
    ]);
    expect(names(query({ q: 'people' }))).toEqual(['meeting-notes-summarizer']);
    expect(names(query({ q: 'claude' }))).toEqual(['meeting-notes-summarizer']);
    expect(names(query({ q: 'classifier' }))).toEqual(['ticket-router']);
    expect(names(query({ q: 'confidential invoices' }))).toEqual([
      'invoice-field-extractor',
    ]);
  });

  it('lists apps matching any word when none matches them all', () => {
    expect(names(query({ q: 'invoice tickets' }))).toEqual(
      expect.arrayContaining(['invoice-field-extractor', 'ticket-router']),
    );
    expect(query({ q: 'zebra quantum' }).totalItems).toBe(0);
  });

  it('orders the matches by an explicit sort, and by name for relevance without words', () => {
    expect(names(query({ q: 'summarize', sort: 'risk' }))).toEqual([
      'ticket-router',
      'meeting-notes-summarizer',
    ]);
    expect(names(query({ sort: 'relevance' }))).toEqual(
      names(query({ sort: 'name' })),
    );
    expect(names(query({ q: 'the my', sort: 'relevance' }))).toEqual(
      names(query({ sort: 'name' })),
    );
  });

  it('keeps the other filters exact', () => {
    expect(names(query({ q: 'summarize', type: ['classifier'] }))).toEqual([
      'ticket-router',
    ]);
    expect(
      names(query({ q: 'summarize' }, ref => !ref.endsWith('/ticket-router'))),
    ).toEqual(['meeting-notes-summarizer']);
  });
});

describe('queryMarketplace hidden stages', () => {
  it('leaves out drafts and decommissioned apps without a lifecycle filter, and counts them', () => {
    const page = query({});
    expect(names(page)).not.toContain('contract-drafting-helper');
    expect(names(page)).not.toContain('legacy-meeting-minutes');
    expect(page.totalItems).toBe(3);
    expect(page.hiddenItems).toBe(2);
    expect(query({ q: 'meeting' }).hiddenItems).toBe(1);
  });

  it('lists them when the lifecycle filter names their stage', () => {
    const page = query({ lifecycle: ['draft'] });
    expect(names(page)).toEqual(['contract-drafting-helper']);
    expect(page.hiddenItems).toBe(0);
    expect(
      query({
        lifecycle: [
          'draft',
          'sandbox',
          'canary',
          'production',
          'decommissioned',
        ],
      }).totalItems,
    ).toBe(APPS.length);
  });

  it('offers the owners and models of the apps the caller may see', () => {
    const { facets } = query(
      { lifecycle: ['canary'] },
      ref => !ref.endsWith('/invoice-field-extractor'),
    );
    expect(facets).toEqual({
      owners: ['group:default/people-ops', 'group:default/platform'],
      models: ['azure-gpt-4.1-mini', 'claude-sonnet-4'],
    });
  });
});

describe('MarketplaceSearch', () => {
  it('finds an app by its new words once it is replaced', () => {
    const search = new MarketplaceSearch(APPS.map(a => a.item));
    const [first] = APPS;
    search.replace({ ...first.item, description: 'Drafts follow-up emails.' });
    expect([...search.search('emails').every.keys()]).toEqual([
      first.item.entityRef,
    ]);
    expect(search.search('transcripts').any.size).toBe(0);
  });
});
