import type { IdentityApi } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installFakeBackend } from '../../testing/fakeBackend';
import { DevSignInPage } from './DevSignInPage';
import { DEV_USER_STORAGE_KEY } from './devUserSession';

const config = {
  app: { title: 'Trellis' },
  backend: { baseUrl: 'http://localhost:7007' },
};

function requestsTo(fetchMock: jest.SpyInstance, pathname: string) {
  return fetchMock.mock.calls
    .map(([input, init]) => new Request(input, init))
    .filter(request => new URL(request.url).pathname === pathname);
}

describe('DevSignInPage', () => {
  afterEach(() => {
    window.localStorage.clear();
    jest.restoreAllMocks();
  });

  it('lists the example users and signs in as the one picked', async () => {
    const fetchMock = installFakeBackend();
    const onSignInSuccess = jest.fn();
    renderInTestApp(<DevSignInPage onSignInSuccess={onSignInSuccess} />, {
      config,
    });

    const bob = await screen.findByRole('button', {
      name: 'Sign in as Bob Example',
    });
    const bobCard = bob.closest('li')!;
    expect(within(bobCard).getByText('security-stewards')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as Alice Example' }),
    ).toBeInTheDocument();

    await userEvent.click(bob);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [refresh] = requestsTo(fetchMock, '/api/auth/dev-users/refresh');
    expect(refresh.headers.get('x-dev-user')).toBe('bob');
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/bob',
    });
    expect(window.localStorage.getItem(DEV_USER_STORAGE_KEY)).toBe('bob');

    // Signing out forgets the user, so the next load asks again.
    await identity.signOut();
    expect(window.localStorage.getItem(DEV_USER_STORAGE_KEY)).toBeNull();
  });

  it('narrows the list as you type', async () => {
    installFakeBackend();
    renderInTestApp(<DevSignInPage onSignInSuccess={jest.fn()} />, { config });
    await screen.findByRole('button', { name: 'Sign in as Bob Example' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Find a user' }),
      'security',
    );
    expect(
      screen.queryByRole('button', { name: 'Sign in as Alice Example' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as Bob Example' }),
    ).toBeInTheDocument();
  });

  it('signs the remembered user in again without asking', async () => {
    window.localStorage.setItem(DEV_USER_STORAGE_KEY, 'alice');
    const fetchMock = installFakeBackend();
    const onSignInSuccess = jest.fn();
    renderInTestApp(<DevSignInPage onSignInSuccess={onSignInSuccess} />, {
      config,
    });

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(requestsTo(fetchMock, '/api/devsignin/users')).toHaveLength(0);
    expect(
      requestsTo(fetchMock, '/api/auth/dev-users/refresh')[0].headers.get(
        'x-dev-user',
      ),
    ).toBe('alice');
  });

  it('lets you pick another user when the remembered one cannot sign in', async () => {
    window.localStorage.setItem(DEV_USER_STORAGE_KEY, 'mallory');
    installFakeBackend();
    renderInTestApp(<DevSignInPage onSignInSuccess={jest.fn()} />, { config });

    expect(
      await screen.findByText(/Could not sign in as mallory/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Pick another user' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Sign in as Alice Example' }),
    ).toBeInTheDocument();
    expect(window.localStorage.getItem(DEV_USER_STORAGE_KEY)).toBeNull();
  });

  it('offers guest sign-in where development sign-in is off', async () => {
    installFakeBackend({ usersStatus: 404 });
    renderInTestApp(<DevSignInPage onSignInSuccess={jest.fn()} />, { config });

    expect(
      await screen.findByText('Development sign-in is off in this environment'),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Sign in as/ }),
    ).not.toBeInTheDocument();
  });

  it('says so when the catalog has no users yet', async () => {
    installFakeBackend({ users: [] });
    renderInTestApp(<DevSignInPage onSignInSuccess={jest.fn()} />, { config });
    expect(
      await screen.findByText(/The catalog has no users yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
  });
});
