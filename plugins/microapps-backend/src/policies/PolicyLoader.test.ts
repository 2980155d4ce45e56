import { mockServices } from '@backstage/backend-test-utils';
import path from 'path';
import { PolicyLoader } from './PolicyLoader';

const policy = (id: string, when = 'window.requests > 100') => `  - id: ${id}
    title: ${id}
    description: A policy.
    severity: low
    when: ${when}
    actions: []
`;
const pack = (...policies: string[]) =>
  `apiVersion: trellis.dev/v1alpha1\nkind: PolicyPack\npolicies:\n${policies.join(
    '',
  )}`;

/** Packs served by URL, changeable between refreshes; `undefined` fails the read. */
function served(initial: Record<string, string | undefined>) {
  const files = { ...initial };
  return {
    files,
    urlReader: {
      readUrl: async (url: string) => {
        const text = files[url];
        if (text === undefined) throw new Error(`${url} is unreachable`);
        return { buffer: async () => Buffer.from(text) } as any;
      },
    },
  };
}

const A = 'https://git.example.com/policies/a.yaml';
const B = 'https://git.example.com/policies/b.yaml';

describe('PolicyLoader', () => {
  it('refuses an id a previous pack already loaded, naming both packs', async () => {
    const { urlReader } = served({
      [A]: pack(policy('shared'), policy('only-a')),
      [B]: pack(policy('shared'), policy('only-b')),
    });
    const loader = new PolicyLoader({
      locations: [
        { type: 'url', target: A },
        { type: 'url', target: B },
      ],
      urlReader,
      logger: mockServices.logger.mock(),
    });
    const { policies, loadErrors } = await loader.policySet();
    expect(policies.map(p => `${p.location} ${p.id}`)).toEqual([
      `${A} shared`,
      `${A} only-a`,
      `${B} only-b`,
    ]);
    expect(loadErrors).toEqual([
      {
        location: B,
        policyId: 'shared',
        path: 'id',
        message: `duplicate policy id shared: already loaded from ${A}; ids must be unique across all packs`,
      },
    ]);
  });

  it('keeps the last good policies of a pack it cannot read, and takes a fixed pack', async () => {
    const { files, urlReader } = served({
      [A]: pack(policy('first')),
      [B]: pack(policy('second')),
    });
    const loader = new PolicyLoader({
      locations: [
        { type: 'url', target: A },
        { type: 'url', target: B },
      ],
      urlReader,
      logger: mockServices.logger.mock(),
    });
    await loader.refresh();

    files[A] = undefined;
    files[B] = pack(policy('second', 'app.nope'), policy('third'));
    await loader.refresh();
    let set = await loader.policySet();
    expect(set.policies.map(p => p.id)).toEqual(['first', 'third']);
    expect(set.loadErrors).toEqual([
      expect.objectContaining({
        location: A,
        message: `could not be read (${A} is unreachable); keeping the 1 policies of its last good read`,
      }),
      expect.objectContaining({
        location: B,
        policyId: 'second',
        path: 'policies[0].when',
        message: 'No such key: nope',
      }),
    ]);

    files[A] = pack(policy('first'), policy('fourth'));
    await loader.refresh();
    set = await loader.policySet();
    expect(set.policies.map(p => p.id)).toEqual(['first', 'fourth', 'third']);
    expect(set.loadErrors).toHaveLength(1);
  });

  it('reads a file location relative to the working directory, as the catalog does', async () => {
    const read: string[] = [];
    const loader = new PolicyLoader({
      locations: [{ type: 'file', target: '../../examples/policies/a.yaml' }],
      urlReader: { readUrl: jest.fn() },
      logger: mockServices.logger.mock(),
      readFile: async file => {
        read.push(file);
        return Buffer.from(pack(policy('local')));
      },
    });
    const { policies } = await loader.policySet();
    const file = path.resolve(process.cwd(), '../../examples/policies/a.yaml');
    expect(read).toEqual([file]);
    expect(policies.map(p => p.location)).toEqual([`file:${file}`]);
  });

  it('loads the example pack without errors', async () => {
    const loader = new PolicyLoader({
      locations: [
        {
          type: 'file',
          target: path.resolve(
            __dirname,
            '../../../../examples/policies/trellis-default.yaml',
          ),
        },
      ],
      urlReader: { readUrl: jest.fn() },
      logger: mockServices.logger.mock(),
    });
    const { policies, loadErrors } = await loader.policySet();
    expect(loadErrors).toEqual([]);
    expect(policies.map(p => [p.id, p.mode])).toEqual([
      ['pii-burst-on-sensitive-data', 'enforce'],
      ['budget-overrun', 'dry-run'],
      ['prohibited-or-unvetted-model', 'enforce'],
      ['stale-approval', 'enforce'],
    ]);
  });
});
