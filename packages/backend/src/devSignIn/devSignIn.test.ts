import { ConfigReader } from '@backstage/config';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { devSignInAllowed } from './devSignInAllowed';
import { devUsersAuthModule } from './devUsersAuthModule';
import { devUsersListPlugin } from './devUsersListPlugin';

const root = path.resolve(__dirname, '../../../..');
const readYaml = (file: string) =>
  parseYaml(fs.readFileSync(path.join(root, file), 'utf8'));
const developmentConfig = readYaml('app-config.yaml');
const productionConfig = readYaml('app-config.production.yaml');

/** The two files layered as `--config app-config.yaml --config app-config.production.yaml`. */
const layered = (...layers: object[]) =>
  ConfigReader.fromConfigs(
    layers.map((data, i) => ({ context: `layer-${i}`, data: data as any })),
  );

describe('devSignInAllowed', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('is on with app-config.yaml alone', () => {
    expect(devSignInAllowed(layered(developmentConfig))).toBe(true);
  });

  it('is off once app-config.production.yaml is layered on top', () => {
    expect(devSignInAllowed(layered(developmentConfig, productionConfig))).toBe(
      false,
    );
  });

  it('is off in a production build whatever the config says', () => {
    process.env.NODE_ENV = 'production';
    expect(devSignInAllowed(layered(developmentConfig))).toBe(false);
  });
});

describe('development sign-in on a real backend', () => {
  async function startPortal(configData: object) {
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: configData as any }),
        authPlugin,
        catalogPlugin,
        devUsersAuthModule,
        devUsersListPlugin,
      ],
    });
    return { server: backend.server, stop: () => backend.stop() };
  }

  const baseConfig = (auth: object) => ({
    app: { baseUrl: 'http://localhost:3000' },
    backend: { baseUrl: 'http://localhost:7007' },
    auth,
    catalog: {
      rules: [{ allow: ['User', 'Group'] }],
      locations: [
        { type: 'file', target: path.join(root, 'examples/org.yaml') },
      ],
    },
  });

  it('signs in as an example user by the x-dev-user header', async () => {
    const { server, stop } = await startPortal(
      baseConfig(developmentConfig.auth),
    );
    try {
      const signIn = async (user?: string) => {
        const req = request(server).get(
          '/api/auth/dev-users/refresh?env=development',
        );
        return user ? req.set('x-dev-user', user) : req;
      };
      // The catalog may still be ingesting the example users.
      let res = await signIn('maya');
      for (let i = 0; i < 120 && res.status !== 200; i++) {
        await new Promise(r => setTimeout(r, 250));
        res = await signIn('maya');
      }
      expect(res.status).toBe(200);
      expect(res.body.profile).toMatchObject({
        displayName: 'Maya Goldberg',
        email: 'maya.goldberg@acme.example',
      });
      expect(res.body.backstageIdentity.identity).toMatchObject({
        userEntityRef: 'user:default/maya',
        ownershipEntityRefs: expect.arrayContaining([
          'group:default/security-stewards',
          'group:default/compliance-stewards',
        ]),
      });

      const users = await request(server).get('/api/devsignin/users');
      expect(users.status).toBe(200);
      expect(users.body.items).toContainEqual(
        expect.objectContaining({
          name: 'maya',
          groups: expect.arrayContaining(['security-stewards']),
        }),
      );
      expect((await signIn()).status).toBe(401);
      expect((await signIn('../../etc/passwd')).status).toBe(401);
      expect((await signIn('nobody-by-that-name')).status).toBe(404);
    } finally {
      await stop();
    }
  });

  it('does not exist under the production config', async () => {
    const merged = layered(developmentConfig, productionConfig).get('auth');
    const { server, stop } = await startPortal(baseConfig(merged as object));
    try {
      const res = await request(server)
        .get('/api/auth/dev-users/refresh?env=development')
        .set('x-dev-user', 'maya');
      expect(res.status).toBe(404);
      expect((await request(server).get('/api/devsignin/users')).status).toBe(
        404,
      );
    } finally {
      await stop();
    }
  });
});
