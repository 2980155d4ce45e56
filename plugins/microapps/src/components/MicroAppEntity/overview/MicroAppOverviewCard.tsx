import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import {
  DATA_CLASSES,
  type MicroAppDetail,
  type MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { AppStatusChip } from '../../AppStatusChip';
import { BadgeStateList } from '../../BadgeStateList';
import { RiskTierChip } from '../../RiskTierChip';
import { KillSwitchBanner } from '../shared/KillSwitchBanner';
import { NotMicroAppEmptyState } from '../shared/NotMicroAppEmptyState';
import { HelpFields } from './HelpFields';
import { OpenAppSection } from './OpenAppSection';
import { OverviewField } from './OverviewField';
import { PromotionSummary } from './PromotionSummary';
import { ThirtyDayFigures } from './ThirtyDayFigures';
import { PII_TITLES, REACH_TITLES } from '../shared/displayNames';
import { useMicroAppDetail } from '../shared/useMicroAppDetail';
import { useMicroAppEntity } from '../shared/useMicroAppEntity';

const useStyles = makeStyles(theme => ({
  banner: {
    marginBottom: theme.spacing(2),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(0.5),
  },
  risk: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  muted: {
    color: theme.palette.text.secondary,
  },
}));

function TrustFacts(props: { entity: MicroAppEntity; detail: MicroAppDetail }) {
  const { entity, detail } = props;
  const { spec } = entity;
  const classes = useStyles();
  // Every badge the tier needs on its way to production.
  const required = detail.badges.filter(badge => badge.required);
  const classifications = DATA_CLASSES.filter(dataClass =>
    spec.data.classifications.includes(dataClass),
  );
  return (
    <>
      <div className={classes.banner}>
        <AppStatusChip status={detail.status} size="medium" />
      </div>
      {detail.killSwitch.enabled && (
        <div className={classes.banner}>
          <KillSwitchBanner state={detail.killSwitch} />
        </div>
      )}
      <OpenAppSection entity={entity} detail={detail} />
      <Grid container spacing={2} component="dl">
        <HelpFields entity={entity} />
        <OverviewField label="Risk">
          <span className={classes.risk}>
            <RiskTierChip tier={detail.risk.tier} score={detail.risk.score} />
            <span className={classes.muted}>score of 100</span>
          </span>
        </OverviewField>
        <OverviewField label="Promotion">
          <PromotionSummary detail={detail} />
        </OverviewField>
        <OverviewField label="Approval badges">
          {required.length ? (
            <BadgeStateList badges={required} />
          ) : (
            <span className={classes.muted}>None needed</span>
          )}
        </OverviewField>
        <OverviewField label="Owner">
          <EntityRefLink
            entityRef={spec.owner}
            defaultKind="group"
            defaultNamespace={entity.metadata.namespace}
          />
        </OverviewField>
        <OverviewField label="Data it touches">
          <span className={classes.chips} aria-label="Data classifications">
            {classifications.map(dataClass => (
              <Chip
                key={dataClass}
                size="small"
                variant="outlined"
                label={dataClass}
              />
            ))}
          </span>
          Personal data: {PII_TITLES[spec.data.pii]}
        </OverviewField>
        <OverviewField label="Models">
          {spec.models.length ? (
            <span className={classes.chips} aria-label="Models">
              {spec.models.map(model => (
                <Chip
                  key={model}
                  size="small"
                  variant="outlined"
                  label={model}
                />
              ))}
            </span>
          ) : (
            <span className={classes.muted}>None declared</span>
          )}
        </OverviewField>
        <OverviewField label="Reach">{REACH_TITLES[spec.reach]}</OverviewField>
        <ThirtyDayFigures usage={detail.usage30d} />
      </Grid>
    </>
  );
}

function TrustPanel(props: { entity: MicroAppEntity; entityRef: string }) {
  const { value, loading, error } = useMicroAppDetail(props.entityRef);
  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <TrustFacts entity={props.entity} detail={value} />;
}

/**
 * The trust panel of a MicroApp's Overview tab: "Open app" (unless the
 * app's status forbids it) with its last 30 days' users, how-to links and
 * where to get help; risk tier and score, approval badges, what data it
 * touches, owner, models, reach, cost of the last 30 days, and a red banner
 * while its kill switch is on.
 * Reads the app from the surrounding entity page.
 *
 * @public
 */
export function MicroAppOverviewCard() {
  const app = useMicroAppEntity();
  return (
    <InfoCard
      title="Trust"
      subheader="Risk, approvals, data and usage"
      variant="gridItem"
    >
      {app ? (
        <TrustPanel entity={app.entity} entityRef={app.entityRef} />
      ) : (
        <NotMicroAppEmptyState />
      )}
    </InfoCard>
  );
}
