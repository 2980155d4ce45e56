import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import type { CostGroup, CostGroupBy } from '@trellis/plugin-microapps-common';

/** The group that collects usage of apps the catalog does not know. */
export const UNREGISTERED_KEY = '(unregistered)';
/** The series key of the groups past the 12 largest. */
export const OTHER_KEY = '(other)';

const isEntityRef = (key: string) => {
  try {
    parseEntityRef(key);
    return true;
  } catch {
    return false;
  }
};

/**
 * A cost group's name: teams and apps link to their catalog pages; usage
 * the catalog cannot place is marked as such.
 */
export function CostGroupName(props: {
  groupBy: CostGroupBy;
  group: Pick<CostGroup, 'key' | 'label'>;
}) {
  const { groupBy, group } = props;
  const unregistered =
    group.key === UNREGISTERED_KEY ||
    (groupBy === 'app' && group.label.endsWith(` ${UNREGISTERED_KEY}`));
  if (unregistered) {
    return (
      <span title="Spans from apps that are not in the software catalog">
        {group.label}
        {group.key !== UNREGISTERED_KEY && (
          <Typography variant="caption" color="textSecondary" component="span">
            {' '}
            · not in the catalog
          </Typography>
        )}
      </span>
    );
  }
  if ((groupBy === 'team' || groupBy === 'app') && isEntityRef(group.key)) {
    return (
      <EntityRefLink
        entityRef={group.key}
        defaultKind={groupBy === 'team' ? 'group' : 'microapp'}
      >
        {group.label}
      </EntityRefLink>
    );
  }
  return <>{group.label}</>;
}
