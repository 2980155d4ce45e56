import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { MicroAppEntity } from '@trellis/plugin-microapps-common';
import { AuditHistory } from './AuditHistory';
import { BadgesTable } from './BadgesTable';
import { KillSwitchBanner } from '../shared/KillSwitchBanner';
import { NotMicroAppEmptyState } from '../shared/NotMicroAppEmptyState';
import { PromotionGates } from './PromotionGates';
import { RiskBreakdown } from './RiskBreakdown';
import { RiskSimulator } from './RiskSimulator';
import { useMicroAppDetail } from '../shared/useMicroAppDetail';
import { useMicroAppEntity } from '../shared/useMicroAppEntity';

function Governance(props: { entity: MicroAppEntity; entityRef: string }) {
  const { entity, entityRef } = props;
  const { value: detail, loading, error, retry } = useMicroAppDetail(entityRef);
  if (loading && !detail) return <Progress />;
  if (error && !detail) return <ResponseErrorPanel error={error} />;
  if (!detail) return null;

  return (
    <Grid container spacing={3} alignItems="stretch">
      {detail.killSwitch.enabled && (
        <Grid item xs={12}>
          <KillSwitchBanner state={detail.killSwitch} />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Risk breakdown"
          subheader="What the score is made of, and how to lower it"
          variant="fullHeight"
        >
          <RiskBreakdown risk={detail.risk} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="What-if simulator"
          subheader="Score a changed manifest before you change it"
          variant="fullHeight"
        >
          <RiskSimulator spec={entity.spec} current={detail.risk} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <BadgesTable detail={detail} entityRef={entityRef} onChanged={retry} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Promotion gates"
          subheader="What pipelines hear when they ask whether the app may be promoted"
        >
          <PromotionGates gates={detail.gates} lifecycle={detail.lifecycle} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <AuditHistory entityRef={detail.entityRef} refreshKey={detail} />
      </Grid>
    </Grid>
  );
}

/**
 * The Governance tab of a MicroApp: the risk score factor by factor, a
 * what-if simulator, the approval badges with grant and revoke for
 * stewards, the promotion gates, and the app's audit history for people
 * allowed to read it. Reads the app from the surrounding entity page.
 *
 * @public
 */
export function MicroAppGovernanceContent() {
  const app = useMicroAppEntity();
  if (!app) return <NotMicroAppEmptyState />;
  return <Governance entity={app.entity} entityRef={app.entityRef} />;
}
