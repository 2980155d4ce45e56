import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  microAppGatewayKeyManagePermission,
  microAppIngestKeyManagePermission,
  storableText,
} from '@trellis/plugin-microapps-common';
import { createHash, randomBytes, randomUUID } from 'crypto';
import type { IngestKeyRecord, IngestKeyStore } from './IngestKeyStore';
import { RecentKeys } from './recentKeys';
import type { MicroAppResource } from '@trellis/plugin-microapps-node';
import type { GovernedApp } from '../../registry/governedApp';
import { resourceOf } from '../../registry/resourceOf';

/** What every ingest key starts with, so that the receiver tells it from a Backstage token. */
export const INGEST_KEY_PREFIX = 'trk_';
const MAX_NAME_LENGTH = 200;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Who sends a request to the receiver, as far as telemetry is concerned. */
export interface IngestIdentity {
  /** The ingest key's id, or `static:<subject>` for a Backstage static token. */
  keyId: string;
  /** For an app key: the app it speaks for (lower-case entity ref). A gateway has none. */
  entityRef?: string;
}

/** A key as the API shows it once, at creation. */
export interface CreatedIngestKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
  gateway?: boolean;
}

/** A key as the API lists it: never the key. */
export interface ListedIngestKey {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

const hashKey = (key: string) =>
  createHash('sha256').update(key, 'utf8').digest('hex');

function listed(record: IngestKeyRecord): ListedIngestKey {
  return {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    lastUsedAt: record.lastUsedAt,
  };
}

/**
 * Ingest keys: an app key lets a micro-app send telemetry for itself and for
 * no other app; a gateway key (an OpenTelemetry Collector, an LLM gateway)
 * may report for any app. A key is shown once, when it is created; Trellis
 * keeps its SHA-256 only, and looks it up on every request, so a revoked key
 * stops at once on every replica. Creating and revoking are audited.
 */
export class IngestKeys {
  private readonly authorizeConditions: ReturnType<
    typeof createConditionAuthorizer<MicroAppResource>
  >;

  private readonly recent = new RecentKeys<IngestIdentity>();

  constructor(
    private readonly options: {
      store: IngestKeyStore;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      ruleset: PermissionRuleset<MicroAppResource>;
      now?: () => Date;
    },
  ) {
    this.authorizeConditions = createConditionAuthorizer(options.ruleset);
  }

  /** Creates a key for the app (`app`) or a gateway key (no app). */
  async create(
    app: GovernedApp | undefined,
    name: unknown,
    credentials: BackstageCredentials,
  ): Promise<CreatedIngestKey> {
    await this.requireManage(app, credentials);
    const keyName = this.keyName(name);
    const actor = await this.actorOf(credentials);
    const key = `${INGEST_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const createdAt = this.now().toISOString();
    const record = await this.options.store.create({
      id: randomUUID(),
      entityRef: app?.entityRef,
      name: keyName,
      keyHash: hashKey(key),
      createdAt,
      createdBy: actor,
      audit: {
        occurredAt: createdAt,
        actor,
        action: app ? 'ingest-key.created' : 'gateway-key.created',
        entityRef: app?.entityRef,
        comment: `Ingest key "${keyName}"`,
      },
    });
    return {
      id: record.id,
      name: record.name,
      key,
      createdAt: record.createdAt,
      ...(app ? {} : { gateway: true }),
    };
  }

  async list(
    app: GovernedApp | undefined,
    credentials: BackstageCredentials,
  ): Promise<ListedIngestKey[]> {
    await this.requireManage(app, credentials);
    return (await this.options.store.list(app?.entityRef)).map(listed);
  }

  async revoke(
    app: GovernedApp | undefined,
    id: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireManage(app, credentials);
    const actor = await this.actorOf(credentials);
    const revokedAt = this.now().toISOString();
    const revoked = await this.options.store.revoke({
      id,
      entityRef: app?.entityRef,
      revokedAt,
      revokedBy: actor,
      audit: {
        occurredAt: revokedAt,
        actor,
        action: app ? 'ingest-key.revoked' : 'gateway-key.revoked',
        entityRef: app?.entityRef,
        comment: `Ingest key ${id} revoked`,
      },
    });
    this.recent.forgetActive();
    if (!revoked) {
      throw new NotFoundError(
        app
          ? `No ingest key ${id} of ${app.entityRef}`
          : `No gateway key ${id}`,
      );
    }
  }

  /** The identity of a key sent as `Bearer trk_…`, unless it is unknown or revoked. */
  async authenticate(key: string): Promise<IngestIdentity | undefined> {
    const keyHash = hashKey(key);
    const now = this.now();
    let identity = this.recent.activeKey(keyHash, now.getTime());
    if (!identity) {
      const record = await this.options.store.findActive(keyHash);
      if (!record) return undefined;
      identity = { keyId: record.id, entityRef: record.entityRef };
      this.recent.rememberActive(keyHash, identity, now.getTime());
    }
    if (this.recent.shouldMarkUsed(identity.keyId, now.getTime())) {
      // Not awaited: bookkeeping must not slow the request down.
      this.options.store.markUsed(identity.keyId, now).catch(() => {});
    }
    return identity;
  }

  private keyName(name: unknown): string {
    const text =
      typeof name === 'string'
        ? storableText(name.normalize('NFC')).trim()
        : '';
    if (!text || text.length > MAX_NAME_LENGTH || CONTROL.test(text)) {
      throw new InputError(
        `name must be text of 1 to ${MAX_NAME_LENGTH} characters without control characters, e.g. "production"`,
      );
    }
    return text;
  }

  private async requireManage(
    app: GovernedApp | undefined,
    credentials: BackstageCredentials,
  ) {
    if (app) {
      const [decision] = await this.options.permissions.authorizeConditional(
        [{ permission: microAppIngestKeyManagePermission }],
        { credentials },
      );
      if (!this.authorizeConditions(decision, resourceOf(app))) {
        throw new NotAllowedError(
          `You may not manage the ingest keys of ${app.entityRef}: only its owners and platform stewards may`,
        );
      }
      return;
    }
    const [decision] = await this.options.permissions.authorize(
      [{ permission: microAppGatewayKeyManagePermission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You may not manage gateway keys: only platform stewards may',
      );
    }
  }

  /** A person's entity ref, or a service's subject (a pipeline provisioning keys). */
  private async actorOf(credentials: BackstageCredentials): Promise<string> {
    const principal = credentials.principal as {
      type?: string;
      subject?: string;
    };
    if (principal.type === 'service') return principal.subject ?? 'service';
    return (await this.options.userInfo.getUserInfo(credentials)).userEntityRef;
  }

  private now() {
    return (this.options.now ?? (() => new Date()))();
  }
}
