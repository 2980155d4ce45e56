import type { IdentityApi, ProfileInfo } from '@backstage/core-plugin-api';

/** Where the chosen example user is remembered between page loads. */
export const DEV_USER_STORAGE_KEY = 'trellis.devUser';

/** The catalog user name of the remembered example user, if any. */
export function readDevUser(): string | undefined {
  try {
    return window.localStorage.getItem(DEV_USER_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage blocked: ask every time
  }
}

export function rememberDevUser(name: string): void {
  try {
    window.localStorage.setItem(DEV_USER_STORAGE_KEY, name);
  } catch {
    // storage blocked: the picker shows again on the next load
  }
}

export function forgetDevUser(): void {
  try {
    window.localStorage.removeItem(DEV_USER_STORAGE_KEY);
  } catch {
    // nothing remembered
  }
}

/** The deprecated members the app's identity proxy still forwards. */
type IdentityWithLegacyMembers = IdentityApi & {
  getUserId?(): string;
  getIdToken?(): Promise<string | undefined>;
  getProfile?(): ProfileInfo;
};

/**
 * The identity of a development sign-in. Signing out forgets the remembered
 * user, so that the next page load shows the user picker again.
 */
export class DevUserIdentity implements IdentityApi {
  constructor(private readonly identity: IdentityWithLegacyMembers) {}

  getUserId(): string {
    if (!this.identity.getUserId) {
      throw new Error('IdentityApi.getUserId is not implemented');
    }
    return this.identity.getUserId();
  }

  getIdToken(): Promise<string | undefined> {
    if (!this.identity.getIdToken) {
      throw new Error('IdentityApi.getIdToken is not implemented');
    }
    return this.identity.getIdToken();
  }

  getProfile(): ProfileInfo {
    if (!this.identity.getProfile) {
      throw new Error('IdentityApi.getProfile is not implemented');
    }
    return this.identity.getProfile();
  }

  getProfileInfo() {
    return this.identity.getProfileInfo();
  }

  getBackstageIdentity() {
    return this.identity.getBackstageIdentity();
  }

  getCredentials() {
    return this.identity.getCredentials();
  }

  async signOut(): Promise<void> {
    forgetDevUser();
    await this.identity.signOut();
  }
}
