import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import { HowToLinks, howToLinks } from './HowToLinks';
import { OverviewField } from './OverviewField';
import { SupportLine } from './SupportLine';

/** "How to use it" and "Get help", as overview fields, each when the manifest gives it. */
export function HelpFields(props: { entity: MicroAppEntity }) {
  const { entity } = props;
  return (
    <>
      {howToLinks(entity).length > 0 && (
        <OverviewField label="How to use it">
          <HowToLinks entity={entity} />
        </OverviewField>
      )}
      {entity.spec.support && (
        <OverviewField label="Get help">
          <SupportLine support={entity.spec.support} />
        </OverviewField>
      )}
    </>
  );
}
