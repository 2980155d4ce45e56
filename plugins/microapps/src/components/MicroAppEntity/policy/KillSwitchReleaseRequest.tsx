import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import type { KillSwitchState } from '@trellis/plugin-microapps-common';
import { formatDateTime } from '../shared/formatTimes';
import { sensitiveDataOf } from './killSwitchPermissions';

type ReleaseRequest = NonNullable<KillSwitchState['releaseRequest']>;

/** The first steward's request, by their display name. */
function PendingRelease(props: { request: ReleaseRequest }) {
  const { request } = props;
  const requester = useEntityPresentation(request.requestedBy, {
    defaultKind: 'user',
  }).primaryTitle;
  return (
    <Typography variant="body2" gutterBottom>
      Release requested by {requester} on {formatDateTime(request.requestedAt)}:
      waiting for a second steward. Reason: “{request.reason}”
    </Typography>
  );
}

/**
 * For a switch that two stewards must release: which policy engaged it on
 * which data, and the first steward's pending request, if any.
 */
export function KillSwitchReleaseRequest(props: {
  state: KillSwitchState;
  /** The app's `spec.data.classifications`. */
  dataClasses: readonly string[];
}) {
  const { state, dataClasses } = props;
  if (!state.releaseNeedsTwoStewards) return null;
  const policy = state.updatedBy?.replace(/^policy:/, '');
  return (
    <>
      <Typography variant="body2" gutterBottom>
        Engaged by policy {policy} on {sensitiveDataOf(dataClasses)} data: two
        stewards must release it
      </Typography>
      {state.releaseRequest && (
        <PendingRelease request={state.releaseRequest} />
      )}
    </>
  );
}
