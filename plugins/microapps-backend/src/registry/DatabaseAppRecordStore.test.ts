import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseAppRecordStore } from './DatabaseAppRecordStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'DatabaseAppRecordStore (%s)',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseAppRecordStore.create({
        database: { getClient: async () => knex },
      });
      return { knex, store };
    }

    it('keeps the first time an app was seen', async () => {
      const { store } = await createStore();
      const monday = new Date('2026-11-02T09:00:00Z');
      const tuesday = new Date('2026-11-03T09:00:00Z');

      const first = await store.recordSeen(
        [{ entityRef: 'microapp:default/a', digest: 'sha256:1' }],
        monday,
      );
      expect(first.get('microapp:default/a')).toEqual({
        firstSeenAt: monday,
        digestSince: monday,
      });

      const second = await store.recordSeen(
        [
          { entityRef: 'microapp:default/a', digest: 'sha256:1' },
          { entityRef: 'microapp:default/b', digest: 'sha256:9' },
        ],
        tuesday,
      );
      expect(second.get('microapp:default/a')).toEqual({
        firstSeenAt: monday,
        digestSince: monday,
      });
      expect(second.get('microapp:default/b')).toEqual({
        firstSeenAt: tuesday,
        digestSince: tuesday,
      });
    });

    it("notes when an app's manifest digest changes", async () => {
      const { store } = await createStore();
      const monday = new Date('2026-11-02T09:00:00Z');
      const friday = new Date('2026-11-06T09:00:00Z');
      await store.recordSeen(
        [{ entityRef: 'microapp:default/a', digest: 'sha256:1' }],
        monday,
      );
      const changed = await store.recordSeen(
        [{ entityRef: 'microapp:default/a', digest: 'sha256:2' }],
        friday,
      );
      expect(changed.get('microapp:default/a')).toEqual({
        firstSeenAt: monday,
        digestSince: friday,
      });
    });

    it('treats refs case-insensitively and handles thousands of apps', async () => {
      const { knex, store } = await createStore();
      const refs = Array.from(
        { length: 2_345 },
        (_, i) => `microapp:default/App-${i}`,
      );
      const seen = await store.recordSeen(
        [...refs, 'MicroApp:default/APP-0'].map(entityRef => ({
          entityRef,
          digest: 'sha256:x',
        })),
        new Date(),
      );
      expect(seen.size).toBe(2_345);
      expect(seen.has('microapp:default/app-0')).toBe(true);
      const [{ count }] = await knex('microapps_apps').count({ count: '*' });
      expect(Number(count)).toBe(2_345);
    });

    it('is safe when two replicas record the same new app at once', async () => {
      const { store } = await createStore();
      const when = new Date('2026-11-05T10:00:00Z');
      const results = await Promise.all([
        store.recordSeen(
          [{ entityRef: 'microapp:default/race', digest: 'sha256:1' }],
          when,
        ),
        store.recordSeen(
          [{ entityRef: 'microapp:default/race', digest: 'sha256:1' }],
          new Date('2026-11-05T10:00:01Z'),
        ),
      ]);
      const times = results.map(r =>
        r.get('microapp:default/race')!.firstSeenAt.getTime(),
      );
      expect(times[0]).toBe(times[1]);
    });
  },
);
