import type { AppVisibility } from '../../registry/AppReadAccess';
import type { GovernedApp } from '../../registry/governedApp';

/** The registered app of an entity ref, if any. */
export type AppLookup = (entityRef: string) => GovernedApp | undefined;

/**
 * Whether usage booked under an entity ref may be shown to a caller: a
 * registered app the caller may read, or, for a caller who may read every
 * app, also the usage of unregistered (shadow) apps. Answers are memoised:
 * a report asks for the same refs day after day.
 */
export function visibleRefs(
  lookup: AppLookup,
  visibility: AppVisibility | undefined,
): (entityRef: string) => boolean {
  if (!visibility || visibility.everything) return () => true;
  const known = new Map<string, boolean>();
  return entityRef => {
    let answer = known.get(entityRef);
    if (answer === undefined) {
      const app = lookup(entityRef);
      answer = app !== undefined && visibility.canRead(app);
      known.set(entityRef, answer);
    }
    return answer;
  };
}
