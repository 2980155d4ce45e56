import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** The path of the Governance tab on a MicroApp's entity page. */
export const GOVERNANCE_TAB_PATH = 'governance';

/** Link builder: an entity ref to its Governance tab. */
export function useGovernanceLink(): (entityRef: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (entityRef: string) =>
      `${entityRoute(
        entityRouteParams(entityRef, { encodeParams: true }),
      )}/${GOVERNANCE_TAB_PATH}`,
    [entityRoute],
  );
}
