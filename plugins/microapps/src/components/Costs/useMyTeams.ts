import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/**
 * The groups the signed-in user belongs to, as lower-case group refs (from
 * the ownership refs of their Backstage identity), sorted; empty while
 * loading or for a user without groups.
 */
export function useMyTeams(): string[] {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    return ownershipEntityRefs
      .map(ref => ref.toLocaleLowerCase('en-US'))
      .filter(ref => ref.startsWith('group:'))
      .sort();
  }, [identityApi]);
  return value ?? [];
}
