import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatMonth } from '../Costs/costPeriods';
import { AppItem, Total } from './MicroAppRows';
import { NoMicroApps } from './NoMicroApps';
import { useGroupMicroApps, type GroupMicroApps } from './useGroupMicroApps';

const useStyles = makeStyles(theme => ({
  intro: {
    color: theme.palette.text.secondary,
    marginBottom: theme.spacing(1),
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  note: {
    marginTop: theme.spacing(2),
    color: theme.palette.text.secondary,
  },
}));

/** The team's micro-apps, their total, and what the figures cover. */
function MicroAppList(props: { data: GroupMicroApps; teamName: string }) {
  const { data, teamName } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.intro}>
        Bars: {formatMonth(data.month)} so far (UTC) against each app's monthly
        budget.
      </Typography>
      <ul
        className={classes.list}
        aria-label={`Micro-apps owned by ${teamName}`}
      >
        {data.rows.map(row => (
          <AppItem key={row.item.entityRef} row={row} />
        ))}
      </ul>
      <Total rows={data.rows} budgetUsd={data.budgetUsd} />
      <Typography variant="caption" component="p" className={classes.note}>
        {data.totalItems > data.rows.length
          ? `The ${data.rows.length} costliest of ${data.totalItems} micro-apps. `
          : ''}
        Month figures are UTC calendar days so far; the last 30 days and
        violations are as of the marketplace's last refresh.
      </Typography>
    </>
  );
}

/**
 * For a Group entity page: the micro-apps the team owns, each with its risk
 * tier, its cost this month against its monthly budget, its cost over the
 * last 30 days and the policy violations it raised in them, with a total.
 * A team without micro-apps is told how to create one.
 *
 * @public
 */
export function GroupMicroAppsCard() {
  const { entity } = useEntity();
  const teamName =
    (entity.spec?.profile as { displayName?: string } | undefined)
      ?.displayName ??
    entity.metadata.title ??
    entity.metadata.name;
  const { value, loading, error } = useGroupMicroApps(
    stringifyEntityRef(entity),
  );

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.rows.length === 0) {
    content = <NoMicroApps teamName={teamName} />;
  } else {
    content = <MicroAppList data={value} teamName={teamName} />;
  }

  return (
    <InfoCard
      title="Micro-apps"
      subheader="Cost this month against budget, and the last 30 days"
    >
      {content}
    </InfoCard>
  );
}
