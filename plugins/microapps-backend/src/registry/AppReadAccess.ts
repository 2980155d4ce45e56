import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type BasicPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { NotAllowedError } from '@backstage/errors';
import {
  MICROAPP_KIND,
  microAppReadPermission,
} from '@trellis/plugin-microapps-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { GovernedApp } from './governedApp';
import { resourceOf } from './resourceOf';

const PAGE_SIZE = 1000;
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/** Which apps one caller may read. */
export interface AppVisibility {
  /** Whether the caller may read this registered app. */
  canRead(app: GovernedApp): boolean;
  /**
   * Whether the caller may read every app without conditions, which is what
   * it takes to see telemetry of unregistered (shadow) apps.
   */
  readonly everything: boolean;
}

const EVERYTHING: AppVisibility = { canRead: () => true, everything: true };

/**
 * Decides which MicroApps a caller may read: both the catalog's read
 * decision for the caller (`catalog.entity.read`) and Trellis's own
 * `microapps.app.read` must allow the app. Lists (marketplace, inbox,
 * costs, violations) are filtered with it; an app the caller may not read is
 * answered as not found.
 */
export class AppReadAccess {
  private readonly authorizeConditions: ReturnType<
    typeof createConditionAuthorizer<MicroAppResource>
  >;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      catalog: CatalogService;
      ruleset: PermissionRuleset<MicroAppResource>;
    },
  ) {
    this.authorizeConditions = createConditionAuthorizer(options.ruleset);
  }

  /**
   * The apps the caller may read. Throws NotAllowedError when the caller may
   * read none at all (a denied `microapps.app.read` or catalog read).
   */
  async forCaller(credentials: BackstageCredentials): Promise<AppVisibility> {
    const [trellis, catalog] =
      await this.options.permissions.authorizeConditional(
        [
          { permission: microAppReadPermission },
          { permission: catalogEntityReadPermission },
        ],
        { credentials },
      );
    // Refused outright: a 403, which tells nothing about any one app. An
    // app hidden by a conditional decision is answered as not found instead.
    if (trellis.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You may not read MicroApps (permission ${microAppReadPermission.name})`,
      );
    }
    if (catalog.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You may not read MicroApps: the catalog refuses you ${catalogEntityReadPermission.name}`,
      );
    }
    if (
      trellis.result === AuthorizeResult.ALLOW &&
      catalog.result === AuthorizeResult.ALLOW
    ) {
      return EVERYTHING;
    }
    const inCatalog =
      catalog.result === AuthorizeResult.ALLOW
        ? undefined
        : await this.readableInCatalog(credentials);
    return {
      everything: false,
      canRead: app =>
        (!inCatalog ||
          inCatalog.has(app.entityRef.toLocaleLowerCase('en-US'))) &&
        this.allows(trellis, app),
    };
  }

  /** Throws NotAllowedError unless the caller holds a basic permission. */
  async require(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    what: string,
    verb = 'read',
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${verb} ${what} (permission ${permission.name})`,
      );
    }
  }

  private allows(decision: PolicyDecision, app: GovernedApp): boolean {
    return this.authorizeConditions(decision, resourceOf(app));
  }

  /** The MicroApps the catalog lets the caller read, by lower-case entity ref. */
  private async readableInCatalog(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, fields: REF_FIELDS, limit: PAGE_SIZE }
          : {
              filter: { kind: MICROAPP_KIND },
              fields: REF_FIELDS,
              limit: PAGE_SIZE,
            },
        { credentials },
      );
      for (const entity of page.items) {
        refs.add(stringifyEntityRef(entity).toLocaleLowerCase('en-US'));
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return refs;
  }
}

/** Filters a list to the apps the caller may read. */
export function readable<T extends { app: GovernedApp }>(
  visibility: AppVisibility,
  items: readonly T[],
): T[] {
  return visibility.everything
    ? [...items]
    : items.filter(item => visibility.canRead(item.app));
}
