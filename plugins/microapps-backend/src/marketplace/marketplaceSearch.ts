import type { MarketplaceItem } from '@trellis/plugin-microapps-common';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { indexTerms, searchTerm } from './searchTerms';

/** What a word in each field is worth; a title or name match outranks the rest. */
const BOOSTS = {
  title: 3,
  name: 3,
  tags: 2,
  type: 1.5,
  owner: 1.5,
  models: 1,
  dataClasses: 1,
  description: 1,
};
type SearchField = keyof typeof BOOSTS;

const FIELDS = Object.keys(BOOSTS) as SearchField[];

/** `group:default/finance-ops finance-ops`: the ref, and its name on its own. */
function ownerText(owner: string): string {
  return `${owner} ${owner.slice(owner.lastIndexOf('/') + 1)}`;
}

function fieldText(item: MarketplaceItem, field: string): string | undefined {
  switch (field as SearchField) {
    case 'tags':
      return item.tags.join(' ');
    case 'models':
      return item.models.join(' ');
    case 'dataClasses':
      return item.dataClasses.join(' ');
    case 'owner':
      return ownerText(item.owner);
    default:
      return item[field as 'title' | 'name' | 'type' | 'description'];
  }
}

const SEARCH_OPTIONS: SearchOptions = {
  boost: BOOSTS,
  prefix: true,
  // One typo in five letters; none in shorter words, which saves the search.
  fuzzy: term => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
  processTerm: searchTerm,
};

/**
 * The ranked full-text index of the marketplace (MiniSearch), one per
 * registry snapshot, kept current as single apps change.
 */
export class MarketplaceSearch {
  private readonly index = new MiniSearch<MarketplaceItem>({
    idField: 'entityRef',
    fields: FIELDS,
    extractField: fieldText,
    processTerm: indexTerms,
    searchOptions: SEARCH_OPTIONS,
  });

  constructor(items: Iterable<MarketplaceItem>) {
    this.index.addAll([...items]);
  }

  /** Indexes the app anew (or for the first time). */
  replace(item: MarketplaceItem): void {
    if (this.index.has(item.entityRef)) this.index.replace(item);
    else this.index.add(item);
  }

  /** The words of the text that search does not ignore, as searched. */
  static termsOf(text: string): Set<string> {
    const terms = new Set<string>();
    for (const word of MiniSearch.getDefault('tokenize')(text) as string[]) {
      const term = word && searchTerm(word);
      if (term) terms.add(term);
    }
    return terms;
  }

  /**
   * The score of each app that matches any word of the text, and of those
   * that match every word, by entity ref, best first. One search answers
   * both: an app's score is the sum over the words it matches either way.
   */
  search(text: string): {
    any: Map<string, number>;
    every: Map<string, number>;
  } {
    const wanted = MarketplaceSearch.termsOf(text).size;
    const any = new Map<string, number>();
    const every = new Map<string, number>();
    for (const result of this.index.search(text, { combineWith: 'OR' })) {
      any.set(result.id, result.score);
      if (result.queryTerms.length >= wanted) {
        every.set(result.id, result.score);
      }
    }
    return { any, every };
  }
}
