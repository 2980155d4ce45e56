import { EmptyState } from '@backstage/core-components';

/** Shown when a MicroApp view is placed on the page of another kind of entity. */
export function NotMicroAppEmptyState() {
  return (
    <EmptyState
      missing="info"
      title="This entity is not a MicroApp"
      description="Trellis shows risk, approvals and policy events for catalog entities of kind MicroApp (apiVersion trellis.dev/v1alpha1). Show this view only on MicroApp pages, for example with the isMicroAppEntity filter."
    />
  );
}
