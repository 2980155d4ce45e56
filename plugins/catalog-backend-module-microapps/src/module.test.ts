import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'fs';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { catalogModuleMicroApps } from './module';

jest.setTimeout(60_000);

const RESOURCES = `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: vendor-crm
  annotations:
    trellis.dev/connector-exposure: third-party
spec:
  type: connector
  owner: group:default/platform
`;

const microApp = (exposure: string) => ({
  apiVersion: 'trellis.dev/v1alpha1',
  kind: 'MicroApp',
  metadata: { name: 'crm-notes' },
  spec: {
    type: 'summarizer',
    lifecycle: 'sandbox',
    owner: 'group:default/sales',
    version: '1.0.0',
    costCenter: 'CC-1',
    reach: 'team',
    data: { classifications: ['internal'], pii: 'none' },
    connectors: [
      { name: 'resource:default/vendor-crm', exposure, access: 'read' },
    ],
    models: ['some-model'],
    dependencies: { risk: 'minimal' },
  },
});

describe('catalogModuleMicroApps', () => {
  let dir: string;
  let base: string;
  let stop: () => Promise<void>;
  const headers = {
    Authorization: mockCredentials.user.header(),
    'Content-Type': 'application/json',
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'microapps-module-'));
    const file = path.join(dir, 'resources.yaml');
    fs.writeFileSync(file, RESOURCES);
    // The module reads connectors through catalogServiceRef: the backend
    // starts (no dependency cycle) and processing can reach the catalog.
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Resource', 'MicroApp'] }],
              locations: [{ type: 'file', target: file }],
            },
          },
        }),
        catalogPlugin,
        catalogModuleMicroApps,
      ],
    });
    base = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
    stop = () => backend.stop();

    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(
        `${base}/api/catalog/entities/by-name/resource/default/vendor-crm`,
        { headers },
      );
      if (res.ok) break;
      if (Date.now() > deadline) throw new Error('vendor-crm never appeared');
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    await stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const validate = (entity: unknown) =>
    fetch(`${base}/api/catalog/validate-entity`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        location: 'url:https://git.example/crm-notes/catalog-info.yaml',
        entity,
      }),
    });

  it('refuses a connector declared internal whose Resource is third-party', async () => {
    const res = await validate(microApp('internal'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toEqual([
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          "spec.connectors[0].exposure is internal, but the catalog's resource:default/vendor-crm is third-party",
        ),
      }),
    ]);
  });

  it('accepts the same app declaring the catalog exposure', async () => {
    expect((await validate(microApp('third-party'))).status).toBe(200);
  });

  it('refuses an Open-app address that is not https, naming the field and what is allowed', async () => {
    const app = microApp('third-party');
    const res = await validate({
      ...app,
      // eslint-disable-next-line no-script-url
      spec: { ...app.spec, url: 'javascript:alert(document.cookie)' },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'spec.url must be an absolute https:// URL such as https://apps.example.com/my-app (http:// only for localhost or 127.0.0.1) (got "javascript:alert(document.cookie)")',
        ),
      }),
    ]);

    expect(
      (
        await validate({
          ...app,
          spec: {
            ...app.spec,
            url: 'https://apps.acme.example/crm-notes',
            support: { channel: '#help-crm-notes' },
          },
        })
      ).status,
    ).toBe(200);
  });
});
