import { EmptyState } from '@backstage/core-components';
import Button from '@material-ui/core/Button';

/** No violations at all in the period. */
export function NoViolationsEmptyState(props: { days: number }) {
  return (
    <EmptyState
      missing="data"
      title={`No violations in the last ${props.days} days`}
      description="Apps report policy events with trellis.policy.* span attributes (trellis.policy.decision, trellis.policy.violation, trellis.policy.rule) on the OpenTelemetry traces they export to Trellis; Trellis adds the ones it derives itself, such as undeclared or prohibited models. See the README for the attribute conventions."
    />
  );
}

/** Violations exist in the period, but none of the chosen types or severities. */
export function NoMatchingViolationsEmptyState(props: { onReset(): void }) {
  return (
    <EmptyState
      missing="data"
      title="No violations match these filters"
      description="Pick more types or severities, or a longer period."
      action={
        <Button variant="contained" color="primary" onClick={props.onReset}>
          Reset filters
        </Button>
      }
    />
  );
}
