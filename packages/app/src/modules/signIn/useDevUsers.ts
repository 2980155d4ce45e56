import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useState } from 'react';

/** An example user as `GET /api/devsignin/users` lists them. */
export interface DevUser {
  name: string;
  displayName: string;
  groups: string[];
}

export type DevUsersState =
  | { status: 'loading' }
  | { status: 'ready'; users: DevUser[] }
  /** The endpoint does not exist: development sign-in is switched off. */
  | { status: 'off' }
  | { status: 'error'; error: Error };

/** Lists the example users; `retry` lists them again. */
export function useDevUsers(): [DevUsersState, () => void] {
  const configApi = useApi(configApiRef);
  const backendBaseUrl = configApi.getString('backend.baseUrl');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<DevUsersState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    (async (): Promise<DevUsersState> => {
      // Nobody is signed in yet, so this goes out without a Backstage token.
      const response = await fetch(`${backendBaseUrl}/api/devsignin/users`);
      if (response.status === 404) return { status: 'off' };
      if (!response.ok) {
        throw new Error(
          `Could not list the example users: ${response.status} ${response.statusText}`,
        );
      }
      const body = (await response.json()) as { items: DevUser[] };
      return { status: 'ready', users: body.items };
    })().then(
      next => !cancelled && setState(next),
      error => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [backendBaseUrl, attempt]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);
  return [state, retry];
}

/** The users whose name, user name or groups contain every word of `filter`. */
export function filterDevUsers(users: DevUser[], filter: string): DevUser[] {
  const words = filter.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  return users.filter(user => {
    const text = [user.displayName, user.name, ...user.groups]
      .join(' ')
      .toLocaleLowerCase('en-US');
    return words.every(word => text.includes(word));
  });
}
