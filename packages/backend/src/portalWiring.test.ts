/*
 * The example portal's own wiring: the features index.ts installs
 * (portalFeatures.ts) with the development configuration (app-config.yaml),
 * on a test backend with the real auth, httpAuth, permissions, user-info and
 * scheduler services. The microapps plugin answers, development sign-in
 * gives real tokens, and the permission policy in use is Trellis's steward
 * policy. What the plugins do is tested in the plugins
 * (plugins/microapps-backend/src/__behaviour__/).
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  evaluateRisk,
  type MicroAppEntity,
  parseModelCatalog,
} from '@trellis/plugin-microapps-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { DEV_USER_HEADER } from './devSignIn/devUsersAuthModule';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { portalFeatures } from './portalFeatures';
import {
  exampleBackendConfig,
  repoRoot as root,
} from './__testUtils__/exampleBackendConfig';

jest.setTimeout(180_000);

/** A high-tier example app: only a security steward may grant its security review. */
const models = parseModelCatalog(exampleBackendConfig().microapps.models);
const app = fs
  .readdirSync(path.join(root, 'examples/microapps'))
  .flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(root, 'examples/microapps', file), 'utf8'),
    ).map(doc => doc.toJS() as MicroAppEntity),
  )
  .find(
    a =>
      a.spec.owner === 'group:default/finance-ops' &&
      evaluateRisk(a.spec, { models }).tier === 'high',
  )!;

describe('the example portal backend, wired as index.ts wires it', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        userInfoServiceFactory,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({ data: exampleBackendConfig() }),
        // All but signals: its WebSocket handler needs the root HTTP router of
        // backend-defaults 0.19, and startTestBackend (backend-test-utils 1.11.7,
        // the latest) still serves with the router of 0.18.
        ...portalFeatures.filter(feature => feature !== signalsPlugin),
      ],
    });
    server = backend.server;
  });

  /** Development sign-in as a catalog user, once the catalog holds them. */
  async function devSignIn(user: string) {
    for (let i = 0; ; i++) {
      const res = await request(server)
        .get('/api/auth/dev-users/refresh?env=development')
        .set(DEV_USER_HEADER, user);
      if (res.status === 200 || i === 480) return res;
      await new Promise(r => setTimeout(r, 250));
    }
  }

  it('answers the microapps health route', async () => {
    const res = await request(server).get('/api/microapps/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('signs example users in with development sign-in, with their groups', async () => {
    const res = await devSignIn('alice');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toMatchObject({
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: expect.arrayContaining([
        'group:default/finance-ops',
      ]),
    });
  });

  it('decides badge grants with the steward policy', async () => {
    const tokenOf = async (user: string) =>
      (await devSignIn(user)).body.backstageIdentity.token as string;
    const [uma, nora] = [await tokenOf('uma'), await tokenOf('nora')];
    const url = `/api/microapps/apps/default/${app.metadata.name}`;
    for (let i = 0; ; i++) {
      const res = await request(server).get(url).auth(uma, { type: 'bearer' });
      if (res.status === 200) break;
      if (i === 480) throw new Error(`${url} answered ${res.status}`);
      await new Promise(r => setTimeout(r, 250));
    }
    const grant = (token: string) =>
      request(server)
        .post(`${url}/badges/security-review/grant`)
        .auth(token, { type: 'bearer' })
        .send({ comment: 'Wiring test' });
    // uma is signed in but stewards nothing; nora is a security steward.
    const refused = await grant(uma);
    expect(refused.status).toBe(403);
    expect(refused.body.error.name).toBe('NotAllowedError');
    expect((await grant(nora)).status).toBe(200);
  });
});
