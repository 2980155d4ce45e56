/*
 * The hostile OTLP corpus that otlpHostile.test.ts sends to a real backend:
 * more than a thousand payloads, some in every category, the same for the
 * same seed.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  HOSTILE_CATEGORIES,
  type HostileCorpus,
  hostileOtlpCorpus,
} from './__testUtils__/hostileOtlpCorpus';

jest.setTimeout(240_000);

// The databases of otlpHostile.test.ts, whose describe block these tests share.
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'OTLP receiver under a hostile corpus (%s)',
  () => {
    let corpus: HostileCorpus;

    beforeAll(() => {
      corpus = hostileOtlpCorpus({ seed: 20261123, nowMs: Date.now() });
    });

    it('has more than a thousand payloads, in every category', () => {
      expect(corpus.payloads.length).toBeGreaterThanOrEqual(1_000);
      const counts = Object.fromEntries(
        HOSTILE_CATEGORIES.map(category => [
          category,
          corpus.payloads.filter(p => p.category === category).length,
        ]),
      );
      expect(
        Object.entries(counts)
          .filter(([, count]) => count === 0)
          .map(([category]) => category),
      ).toEqual([]);
      // The same seed gives the same corpus.
      const again = hostileOtlpCorpus({ seed: 20261123, nowMs: corpus.nowMs });
      expect(again.payloads.map(p => p.name)).toEqual(
        corpus.payloads.map(p => p.name),
      );
      expect(
        again.payloads.every((p, i) => p.body.equals(corpus.payloads[i].body)),
      ).toBe(true);
    });
  },
);
