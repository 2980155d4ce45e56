/**
 * A stand-in for the example backend in tests: answers the few routes the
 * app calls and 404 for everything else, the way Backstage does.
 */
export interface FakeBackendOptions {
  users?: Array<{ name: string; displayName: string; groups: string[] }>;
  /** Answer for `GET /api/devsignin/users`; 404 means development sign-in is off. */
  usersStatus?: number;
  /** Users the `dev-users` provider accepts; default: every listed user. */
  knownUsers?: string[];
  /** Extra routes, by pathname. */
  routes?: Record<string, () => unknown>;
}

export const exampleUsers = [
  { name: 'alice', displayName: 'Alice Example', groups: ['finance-ops'] },
  {
    name: 'bob',
    displayName: 'Bob Example',
    groups: ['finance-ops', 'security-stewards'],
  },
];

const base64Url = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token shaped like a Backstage user token (the app only reads `exp`). */
export function fakeUserToken(name: string): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return [
    base64Url({ alg: 'none' }),
    base64Url({ sub: `user:default/${name}`, exp }),
    'signature',
  ].join('.');
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function notFound(message: string): Response {
  return json(
    {
      error: { name: 'NotFoundError', message },
      response: { statusCode: 404 },
    },
    404,
  );
}

/** Replaces `fetch`; returns the mock so tests can look at the requests. */
export function installFakeBackend(options: FakeBackendOptions = {}) {
  const users = options.users ?? exampleUsers;
  const knownUsers = options.knownUsers ?? users.map(user => user.name);
  return jest
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      const { pathname } = new URL(request.url);
      if (pathname === '/api/devsignin/users') {
        const status = options.usersStatus ?? 200;
        return status === 200 ? json({ items: users }) : notFound('Not found');
      }
      if (pathname === '/api/auth/dev-users/refresh') {
        const name = request.headers.get('x-dev-user') ?? '';
        if (!knownUsers.includes(name)) {
          return json(
            {
              error: {
                name: 'NotFoundError',
                message: `User not found: ${name}`,
              },
              response: { statusCode: 404 },
            },
            404,
          );
        }
        const user = users.find(u => u.name === name);
        return json({
          profile: { displayName: user?.displayName ?? name },
          backstageIdentity: {
            token: fakeUserToken(name),
            identity: {
              type: 'user',
              userEntityRef: `user:default/${name}`,
              ownershipEntityRefs: [`user:default/${name}`],
            },
          },
        });
      }
      const route = options.routes?.[pathname];
      if (route) return json(route());
      return notFound(`No route for ${pathname}`);
    });
}
