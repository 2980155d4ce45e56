import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseAppRecordStore } from './DatabaseAppRecordStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('DatabaseAppRecordStore (%s)', databaseId => {
  async function createStore() {
    const knex = await databases.init(databaseId);
    const store = await DatabaseAppRecordStore.create({ database: { getClient: async () => knex } });
    return { knex, store };
  }

  it('keeps the first time an app was seen', async () => {
    const { store } = await createStore();
    const monday = new Date('2026-11-02T09:00:00Z');
    const tuesday = new Date('2026-11-03T09:00:00Z');

    const first = await store.recordSeen(['microapp:default/a'], monday);
    expect(first.get('microapp:default/a')).toEqual(monday);

    const second = await store.recordSeen(['microapp:default/a', 'microapp:default/b'], tuesday);
    expect(second.get('microapp:default/a')).toEqual(monday);
    expect(second.get('microapp:default/b')).toEqual(tuesday);
  });

  it('treats refs case-insensitively and handles thousands of apps', async () => {
    const { knex, store } = await createStore();
    const refs = Array.from({ length: 2_345 }, (_, i) => `microapp:default/App-${i}`);
    const seen = await store.recordSeen([...refs, 'MicroApp:default/APP-0'], new Date());
    expect(seen.size).toBe(2_345);
    expect(seen.has('microapp:default/app-0')).toBe(true);
    const [{ count }] = await knex('microapps_apps').count({ count: '*' });
    expect(Number(count)).toBe(2_345);
  });

  it('is safe when two replicas record the same new app at once', async () => {
    const { store } = await createStore();
    const when = new Date('2026-11-05T10:00:00Z');
    const results = await Promise.all([
      store.recordSeen(['microapp:default/race'], when),
      store.recordSeen(['microapp:default/race'], new Date('2026-11-05T10:00:01Z')),
    ]);
    const times = results.map(r => r.get('microapp:default/race')!.getTime());
    expect(times[0]).toBe(times[1]);
  });
});
