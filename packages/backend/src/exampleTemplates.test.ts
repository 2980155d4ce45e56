import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  evaluateRisk,
  parseModelCatalog,
  validateMicroAppEntity,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

const examples = path.resolve(__dirname, '../../../examples');
const models = parseModelCatalog(
  parseYaml(
    fs.readFileSync(path.join(examples, 'microapps-config.yaml'), 'utf8'),
  ).models,
);

/** Answers a person could give in each template's form. */
const answers: Record<string, Record<string, unknown>> = {
  summarizer: { confluenceSpace: 'SUPPORT' },
  classifier: { jiraProject: 'SUP' },
  extractor: {
    sourceLibrary: 'https://acme.sharepoint.com/sites/finance/Invoices',
    targetTable: 'finance.invoice_fields',
  },
};

describe.each(['summarizer', 'classifier', 'extractor'])(
  'the %s template',
  pattern => {
    const folder = path.join(examples, 'templates', pattern);
    const template = parseYaml(
      fs.readFileSync(path.join(folder, 'template.yaml'), 'utf8'),
    );

    it('generates a valid MicroApp manifest through the real scaffolder', async () => {
      const backend = await startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: { backend: { baseUrl: 'http://localhost:7007' } },
          }),
          catalogPlugin,
          scaffolderPlugin,
        ],
      });
      try {
        // Fill every required parameter: defaults first, then pattern-specific answers.
        const values: Record<string, unknown> = {
          name: `sample-${pattern}`,
          title: `Sample ${pattern}`,
          description: `A sample ${pattern} generated in a test.`,
          owner: 'group:default/finance-ops',
          costCenter: 'CC-4100-FIN',
        };
        for (const step of template.spec.parameters) {
          for (const [key, property] of Object.entries<any>(
            step.properties ?? {},
          )) {
            if (values[key] === undefined && property.default !== undefined)
              values[key] = property.default;
            if (values[key] === undefined && property.enum)
              values[key] = property.enum[0];
          }
        }
        Object.assign(values, answers[pattern]);

        const skeleton = path.join(folder, 'skeleton');
        const directoryContents = fs.readdirSync(skeleton).map(file => ({
          path: `skeleton/${file}`,
          base64Content: fs
            .readFileSync(path.join(skeleton, file))
            .toString('base64'),
        }));
        const res = await request(backend.server)
          .post('/api/scaffolder/v2/dry-run')
          .set('Authorization', mockCredentials.user.header())
          .send({ template, values, secrets: {}, directoryContents });
        expect(res.status).toBe(200);

        const generated = res.body.directoryContents.find((f: any) =>
          f.path.endsWith('catalog-info.yaml'),
        );
        expect(generated).toBeDefined();
        const manifest = parseYaml(
          Buffer.from(generated.base64Content, 'base64').toString('utf8'),
        );
        const result = validateMicroAppEntity(manifest);
        expect(result.valid ? [] : result.issues).toEqual([]);
        expect(manifest.spec).toMatchObject({
          type: pattern,
          lifecycle: 'draft',
          owner: 'group:default/finance-ops',
          template: `template:default/${template.metadata.name}`,
        });
        // The form's risk preview scores what the skeleton fixes: keep the two in step.
        const preview = template.spec.parameters
          .map((step: any) => step.properties?.riskPreview)
          .find(Boolean);
        expect(preview?.['ui:field']).toBe('MicroAppRiskPreview');
        expect(preview['ui:options'].spec).toEqual({
          connectors: manifest.spec.connectors,
          dependencies: manifest.spec.dependencies,
        });
        // A vetted pattern with its defaults never lands in the high tier.
        expect(evaluateRisk(manifest.spec, { models }).tier).not.toBe('high');
      } finally {
        await backend.stop();
      }
    }, 60_000);
  },
);
