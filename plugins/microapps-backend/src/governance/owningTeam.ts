import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Groups looked at at most, so that a huge or cyclic hierarchy stays cheap. */
const MAX_GROUPS = 500;
/** Levels walked up and down from the owning group at most. */
const MAX_DEPTH = 20;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function relationTargets(entity: Entity | undefined, type: string): string[] {
  return (entity?.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => lower(relation.targetRef));
}

/**
 * The owning group and the groups the catalog relates to it: its child
 * groups (and theirs) and its parent groups (and theirs). A member of any
 * of them is part of the owning team for separation of duties.
 */
async function owningTeamGroups(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  ownerRef: string,
): Promise<Set<string>> {
  const groups = new Set([lower(ownerRef)]);
  for (const relation of [RELATION_PARENT_OF, RELATION_CHILD_OF]) {
    let frontier = [lower(ownerRef)];
    for (
      let depth = 0;
      depth < MAX_DEPTH && frontier.length && groups.size < MAX_GROUPS;
      depth++
    ) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: frontier, fields: ['kind', 'metadata', 'relations'] },
        { credentials },
      );
      const next: string[] = [];
      for (const target of items.flatMap(e => relationTargets(e, relation))) {
        if (groups.has(target) || groups.size >= MAX_GROUPS) continue;
        groups.add(target);
        next.push(target);
      }
      frontier = next;
    }
  }
  return groups;
}

/**
 * Whether a user belongs to the team that owns an app: by the groups the
 * catalog says the user is a member of, and by the ownership claims in the
 * user's token, against the owning group and its parent and child groups.
 * Read with the plugin's own credentials: the decision must not depend on
 * what the caller may see.
 */
export async function isInOwningTeam(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  userRef: string;
  ownershipClaims: readonly string[];
  ownerRef: string;
}): Promise<boolean> {
  const { catalog, credentials, userRef, ownershipClaims, ownerRef } = options;
  const team = await owningTeamGroups(catalog, credentials, ownerRef);
  if (ownershipClaims.some(claim => team.has(lower(claim)))) return true;
  const user = await catalog.getEntityByRef(userRef, { credentials });
  return relationTargets(user, RELATION_MEMBER_OF).some(group =>
    team.has(group),
  );
}
