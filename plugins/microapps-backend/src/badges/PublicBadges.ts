import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { randomBytes } from 'crypto';
import { microAppPublicBadgeManagePermission } from '@trellis/plugin-microapps-common';
import type { GovernanceStore } from '../governance/GovernanceStore';
import {
  appAuditEntry,
  type GovernanceGuard,
} from '../governance/GovernanceGuard';
import type { GovernedApp } from '../registry/governedApp';
import { resourceOf } from '../registry/resourceOf';

/** The token in an app's public badge addresses: 24 random bytes, base64url. */
export const PUBLIC_BADGE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Unguessable public addresses of an app's badges, for READMEs outside the
 * portal. Owners and stewards create, rotate and take them away.
 */
export class PublicBadges {
  constructor(
    private readonly options: {
      store: Pick<
        GovernanceStore,
        'getPublicBadgeToken' | 'setPublicBadgeToken'
      >;
      guard: GovernanceGuard;
    },
  ) {}

  /** The token of the app's public badge addresses, if it has them. */
  async token(app: GovernedApp): Promise<string | undefined> {
    return this.options.store.getPublicBadgeToken(app.entityRef);
  }

  /**
   * Gives the app new public badge addresses (`rotate`), so that old ones
   * stop working, or takes them away (`revoke`). Needs
   * `microapps.badge.public.manage`; audited. Answers the new token.
   */
  async change(
    app: GovernedApp,
    change: 'rotate' | 'revoke',
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const { guard, store } = this.options;
    const actor = await guard.actor(credentials);
    await guard.requirePermission(
      microAppPublicBadgeManagePermission,
      resourceOf(app),
      credentials,
      `change the public badge addresses of ${app.entityRef}: only its owners and stewards may`,
    );
    const had = await store.getPublicBadgeToken(app.entityRef);
    if (change === 'revoke' && !had) return undefined;
    const token =
      change === 'rotate' ? randomBytes(24).toString('base64url') : null;
    const now = guard.now();
    let action = 'public-badges.revoked';
    if (change === 'rotate') {
      action = had ? 'public-badges.rotated' : 'public-badges.created';
    }
    await store.setPublicBadgeToken({
      entityRef: app.entityRef,
      token,
      now,
      audit: appAuditEntry(action, actor, app, {
        comment:
          change === 'rotate'
            ? 'New public badge addresses; any earlier ones stopped working'
            : 'Public badge addresses taken away',
        occurredAt: now.toISOString(),
      }),
    });
    return token ?? undefined;
  }
}
