import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { responseErrorMessage } from '../MicroAppEntity/shared/responseErrorMessage';

/** Whether the backend refused the caller (403). */
export function isForbidden(error: unknown): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}

/**
 * A failed read: a 403 as a calm "only stewards" state with the backend's
 * reason, anything else as Backstage's error panel.
 */
export function StewardsOnlyOrError(props: { error: Error; what: string }) {
  if (!isForbidden(props.error)) {
    return <ResponseErrorPanel error={props.error} />;
  }
  return (
    <EmptyState
      missing="info"
      title={`Only stewards can see ${props.what}`}
      description={`${responseErrorMessage(
        props.error,
      )} Ask a steward if you need access.`}
    />
  );
}
