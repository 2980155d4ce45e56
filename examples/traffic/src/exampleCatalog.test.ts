import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findRepositoryRoot, loadExampleCatalog } from './exampleCatalog';

describe('loadExampleCatalog', () => {
  it('reads the example micro-apps and the model catalog of the repository', async () => {
    const catalog = await loadExampleCatalog();
    expect(catalog.examplesDir).toBe(
      path.join(findRepositoryRoot(), 'examples'),
    );
    expect(catalog.apps.length).toBeGreaterThanOrEqual(24);
    expect(new Set(catalog.apps.map(a => a.name)).size).toBe(
      catalog.apps.length,
    );
    const invoice = catalog.apps.find(
      a => a.name === 'invoice-field-extractor',
    )!;
    expect(invoice).toMatchObject({
      entityRef: 'microapp:default/invoice-field-extractor',
      type: 'extractor',
      lifecycle: 'production',
      template: 'template:default/microapp-extractor',
      models: ['azure-gpt-4.1-mini'],
      limits: { monthlyBudgetUsd: 450 },
    });
    expect(catalog.models.find(m => m.id === 'deepseek-chat')).toMatchObject({
      status: 'prohibited',
    });
    expect(catalog.models.find(m => m.id === 'azure-gpt-4.1')?.pricing).toEqual(
      {
        inputPer1M: 2,
        outputPer1M: 8,
        cachedInputPer1M: 0.5,
      },
    );
  });

  it('reads an explicit folder and keeps only MicroApp documents', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-traffic-'));
    try {
      await mkdir(path.join(dir, 'microapps'));
      await writeFile(
        path.join(dir, 'microapps', 'team.yaml'),
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Group',
          'metadata: { name: some-team }',
          '---',
          'apiVersion: trellis.dev/v1alpha1',
          'kind: MicroApp',
          'metadata: { name: one, namespace: sales }',
          'spec: { type: classifier, lifecycle: canary, reach: team, models: [m1], data: { pii: none } }',
        ].join('\n'),
      );
      await writeFile(
        path.join(dir, 'microapps-config.yaml'),
        'models:\n  - { id: m1, provider: p, status: restricted, hosting: public, pricing: { inputPer1M: 1, outputPer1M: 2 } }\n',
      );
      const catalog = await loadExampleCatalog({ examplesDir: dir });
      expect(catalog.apps).toEqual([
        expect.objectContaining({
          name: 'one',
          namespace: 'sales',
          entityRef: 'microapp:sales/one',
          models: ['m1'],
        }),
      ]);
      expect(catalog.models).toEqual([
        {
          id: 'm1',
          provider: 'p',
          status: 'restricted',
          hosting: 'public',
          pricing: { inputPer1M: 1, outputPer1M: 2 },
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
