import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  microAppIncidentsManagePermission,
  microAppIncidentsReadPermission,
} from '@trellis/plugin-microapps-common';
import {
  type StewardGroups,
  stewardRolesOf,
} from '@trellis/plugin-microapps-node';
import type { GovernanceGuard } from '../governance/GovernanceGuard';
import { governanceText } from '../governance/governanceText';
import type { AppReadAccess } from '../registry/AppReadAccess';
import type { GovernedApp } from '../registry/governedApp';
import type { AppLoader } from '../registry/loadApp';
import { resourceOf } from '../registry/resourceOf';
import type {
  Incident,
  IncidentDetail,
  IncidentEvent,
  IncidentState,
} from './incidentRows';
import type { IncidentFilter, IncidentStore } from './IncidentStore';

/** Shortest retrospective that closes an incident. */
export const MIN_RETROSPECTIVE_LENGTH = 20;

const VERB_OF: Record<IncidentState, string> = {
  mitigated: 'mark the incident mitigated',
  closed: 'close the incident',
  open: 'reopen the incident',
};

export interface IncidentsOptions {
  store: IncidentStore;
  access: Pick<AppReadAccess, 'forCaller'>;
  loadApp: AppLoader;
  /** The registered app of an entity ref, for deciding on lists. */
  findApp: (entityRef: string) => Promise<GovernedApp | undefined>;
  permissions: PermissionsService;
  guard: GovernanceGuard;
  /** Groups of each steward role (`microapps.stewards`); only stewards close incidents. */
  stewards: StewardGroups;
}

/**
 * Reading incidents and working on them: every read needs
 * `microapps.incidents.read` on the incident's app, every note and change
 * `microapps.incidents.manage`, and closing one a steward.
 */
export class Incidents {
  constructor(private readonly options: IncidentsOptions) {}

  /** The incidents of the apps the caller may read incidents of, newest updated first. */
  async list(
    credentials: BackstageCredentials,
    query: IncidentFilter & { limit: number; offset: number },
  ): Promise<{ items: Incident[]; totalItems: number }> {
    const { store, access, permissions, guard } = this.options;
    const visibility = await access.forCaller(credentials);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: microAppIncidentsReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return { items: [], totalItems: 0 };
    }
    if (decision.result === AuthorizeResult.ALLOW && visibility.everything) {
      return store.list(query);
    }
    // Decided per app, before paging, so that pages and totals stay whole.
    const entityRefs: string[] = [];
    for (const entityRef of await store.appsWithIncidents(query)) {
      const app = await this.options.findApp(entityRef);
      if (
        app &&
        visibility.canRead(app) &&
        guard.decide(decision, resourceOf(app))
      ) {
        entityRefs.push(entityRef);
      }
    }
    if (entityRefs.length === 0) return { items: [], totalItems: 0 };
    return store.list({ ...query, entityRefs });
  }

  /** An app's incidents, newest first. */
  async listForApp(
    app: GovernedApp,
    credentials: BackstageCredentials,
  ): Promise<Incident[]> {
    await this.require(
      microAppIncidentsReadPermission,
      app,
      credentials,
      `read the incidents of ${app.entityRef}`,
    );
    return this.options.store.listForApp(app.entityRef);
  }

  async detail(
    id: number,
    credentials: BackstageCredentials,
  ): Promise<IncidentDetail> {
    await this.readable(id, credentials);
    return this.detailOf(id);
  }

  async addNote(
    id: number,
    text: unknown,
    credentials: BackstageCredentials,
  ): Promise<IncidentEvent> {
    const note = governanceText(text, {
      field: 'text',
      action: 'add a note (write the note)',
    });
    const incident = await this.manageable(id, credentials, 'add a note to');
    const actor = await this.options.guard.actor(credentials);
    return this.options.store.addNote(incident.id, {
      actor: actor.userEntityRef,
      text: note,
      occurredAt: this.options.guard.now().toISOString(),
    });
  }

  async changeState(
    id: number,
    body: { state: IncidentState; note?: unknown },
    credentials: BackstageCredentials,
  ): Promise<IncidentDetail> {
    const note = governanceText(body.note, {
      field: 'note',
      action: VERB_OF[body.state],
    });
    if (body.state === 'closed' && note.length < MIN_RETROSPECTIVE_LENGTH) {
      throw new InputError(
        `note: closing an incident needs a retrospective of at least ${MIN_RETROSPECTIVE_LENGTH} characters (what happened, and what changes so that it does not happen again)`,
      );
    }
    const incident = await this.manageable(
      id,
      credentials,
      body.state === 'closed' ? 'close' : 'change the state of',
    );
    const actor = await this.options.guard.actor(credentials);
    if (
      body.state === 'closed' &&
      stewardRolesOf(actor.ownershipEntityRefs, this.options.stewards)
        .length === 0
    ) {
      throw new NotAllowedError(
        `You may not close incident ${id}: only stewards (${this.stewardGroups()}) may close an incident; its owners may mark it mitigated`,
      );
    }
    await this.options.store.changeState(incident.id, {
      to: body.state,
      actor: actor.userEntityRef,
      note,
      occurredAt: this.options.guard.now().toISOString(),
    });
    return this.detailOf(incident.id);
  }

  private async detailOf(id: number): Promise<IncidentDetail> {
    const detail = await this.options.store.detail(id);
    if (!detail) throw new NotFoundError(`No incident ${id}`);
    return detail;
  }

  /** The incident, once the caller may read incidents of its app. */
  private async readable(
    id: number,
    credentials: BackstageCredentials,
  ): Promise<Incident> {
    const { incident, app } = await this.incidentAndApp(id, credentials);
    await this.require(
      microAppIncidentsReadPermission,
      app,
      credentials,
      `read incident ${id} of ${app.entityRef}`,
    );
    return incident;
  }

  /** The incident, once the caller may manage incidents of its app. */
  private async manageable(
    id: number,
    credentials: BackstageCredentials,
    verb: string,
  ): Promise<Incident> {
    const { incident, app } = await this.incidentAndApp(id, credentials);
    await this.require(
      microAppIncidentsManagePermission,
      app,
      credentials,
      `${verb} incident ${id} of ${app.entityRef}: only its owners and stewards may`,
    );
    return incident;
  }

  /** An incident and its app, read as the caller: 404 when either is unknown or hidden. */
  private async incidentAndApp(
    id: number,
    credentials: BackstageCredentials,
  ): Promise<{ incident: Incident; app: GovernedApp }> {
    // A caller who may read no app at all is refused before any id is looked up.
    await this.options.access.forCaller(credentials);
    const incident = await this.options.store.get(id);
    if (!incident) throw new NotFoundError(`No incident ${id}`);
    const ref = parseEntityRef(incident.entityRef);
    try {
      const app = await this.options.loadApp(
        { kind: ref.kind, namespace: ref.namespace, name: ref.name },
        credentials,
      );
      return { incident, app };
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError(`No incident ${id}`);
      }
      throw error;
    }
  }

  private require(
    permission: ResourcePermission<'microapp'>,
    app: GovernedApp,
    credentials: BackstageCredentials,
    refusal: string,
  ): Promise<void> {
    return this.options.guard.requirePermission(
      permission,
      resourceOf(app),
      credentials,
      refusal,
    );
  }

  private stewardGroups(): string {
    const groups = Object.values(this.options.stewards).flat();
    return groups.length ? groups.join(', ') : 'none configured';
  }
}
