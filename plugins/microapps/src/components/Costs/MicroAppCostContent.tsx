import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { AppCosts } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { formatCompact, formatUsd } from '../format';
import { BudgetProgress } from './BudgetProgress';
import { CostChange } from './CostChange';
import { CostFigure } from './CostFigure';
import {
  PRESET_PERIODS,
  daysInMonth,
  daysOf,
  formatMonth,
  formatPeriod,
  lastDays,
  type PresetPeriod,
} from './costPeriods';
import { DailyCostChart, type CostSeries } from './DailyCostChart';
import { NoUsageEmptyState } from './NoUsageEmptyState';
import { PeriodPicker } from './PeriodPicker';

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  period: {
    color: theme.palette.text.secondary,
  },
  refreshing: {
    flexBasis: '100%',
    height: 2,
  },
  month: {
    fontVariantNumeric: 'tabular-nums',
  },
  monthFigure: {
    fontVariantNumeric: 'tabular-nums',
    marginBottom: theme.spacing(1),
  },
  forecast: {
    marginTop: theme.spacing(2),
  },
  warning: {
    color: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  muted: {
    color: theme.palette.text.secondary,
  },
}));

/** `?period=7`; anything else is the default 30 days. */
function readPeriod(params: URLSearchParams): PresetPeriod {
  const value = Number(params.get('period'));
  return PRESET_PERIODS.find(days => days === value) ?? 30;
}

type ModelRow = AppCosts['byModel'][number] & { id: string; share: number };

const modelColumns = (): TableColumn<ModelRow>[] => [
  { title: 'Model', field: 'model', highlight: true },
  {
    title: 'Cost',
    field: 'costUsd',
    type: 'numeric',
    render: row => (
      <>
        {formatUsd(row.costUsd)}{' '}
        <Typography variant="caption" color="textSecondary">
          ({Math.round(row.share * 100)}%)
        </Typography>
      </>
    ),
  },
  {
    title: 'Requests',
    field: 'requests',
    type: 'numeric',
    render: row => count.format(row.requests),
  },
  {
    title: 'Input tokens',
    field: 'inputTokens',
    type: 'numeric',
    render: row => formatCompact(row.inputTokens),
  },
  {
    title: 'Output tokens',
    field: 'outputTokens',
    type: 'numeric',
    render: row => formatCompact(row.outputTokens),
  },
  {
    title: 'Cost per request',
    field: 'costPerRequestUsd',
    type: 'numeric',
    render: row => (row.requests > 0 ? formatUsd(row.costPerRequestUsd) : '—'),
  },
];

function MonthCard(props: { costs: AppCosts }) {
  const classes = useStyles();
  const { month } = props.costs;
  const budget = month.budgetUsd;
  const forecastOver = budget !== undefined && month.forecastUsd > budget;
  return (
    <InfoCard
      title="This month"
      subheader={`${formatMonth(month.month)}, so far (UTC)`}
    >
      <Typography variant="h4" component="p" className={classes.monthFigure}>
        {formatUsd(month.costUsd)}
      </Typography>
      {budget !== undefined ? (
        <BudgetProgress
          spentUsd={month.costUsd}
          budgetUsd={budget}
          label="Month to date"
        />
      ) : (
        <Typography variant="body2" className={classes.muted}>
          No monthly budget declared. Set spec.limits.monthlyBudgetUsd in the
          manifest to track spending against one.
        </Typography>
      )}
      <div className={classes.forecast}>
        <Typography variant="body2" className={classes.muted}>
          Month-end forecast
        </Typography>
        <Typography variant="h6" component="p" className={classes.month}>
          {formatUsd(month.forecastUsd)}
        </Typography>
        <Typography variant="caption" className={classes.muted} component="p">
          The month so far plus the last 7 days' daily average for the days
          left.
        </Typography>
        {forecastOver && budget !== undefined && (
          <Typography variant="body2" className={classes.warning}>
            On pace to exceed the budget by{' '}
            {formatUsd(month.forecastUsd - budget)}
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}

function CostFigures(props: { costs: AppCosts; days: number }) {
  const { costs, days } = props;
  const { totals, previous } = costs;
  return (
    <>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Total cost"
          value={formatUsd(costs.totalUsd)}
          detail={
            costs.changePct === null ? (
              `Nothing in the previous ${days} days to compare with`
            ) : (
              <>
                <CostChange pct={costs.changePct} /> vs the previous {days} days
                ({formatUsd(previous.totalUsd)})
              </>
            )
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Cost per request"
          value={
            totals.requests > 0 ? formatUsd(totals.costPerRequestUsd) : '—'
          }
          detail={
            previous.requests > 0
              ? `${formatUsd(
                  previous.totalUsd / previous.requests,
                )} in the previous ${days} days`
              : `No requests in the previous ${days} days`
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Requests"
          value={count.format(totals.requests)}
          detail={`${count.format(
            previous.requests,
          )} in the previous ${days} days`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Input / output tokens"
          value={`${formatCompact(totals.inputTokens)} / ${formatCompact(
            totals.outputTokens,
          )}`}
          detail={`${count.format(totals.inputTokens)} in, ${count.format(
            totals.outputTokens,
          )} out`}
        />
      </Grid>
    </>
  );
}

/**
 * The Cost tab of a MicroApp's entity page: the period's cost with the
 * change against the period before, cost per request, requests and tokens;
 * the month so far against the budget with the month-end forecast; daily
 * cost stacked by model with the budget as a daily average; and a table by
 * model. The period (last 7, 30 or 90 days) is kept in the URL as `period`.
 *
 * @public
 */
export function MicroAppCostContent() {
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(microAppsApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const days = readPeriod(searchParams);
  const period = useMemo(() => lastDays(days), [days]);
  const ref = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };

  const { value, loading, error } = useAsync(
    () => api.getAppCosts(ref, period),
    [api, ref.namespace, ref.name, period.from, period.to],
  );

  const setDays = (next: PresetPeriod) => {
    const params = new URLSearchParams(searchParams);
    if (next === 30) params.delete('period');
    else params.set('period', String(next));
    setSearchParams(params, { replace: true });
  };

  const series = useMemo<CostSeries[]>(
    () =>
      (value?.byModel ?? []).map(model => ({
        key: model.model,
        label: model.model,
      })),
    [value],
  );
  // material-table writes bookkeeping into columns and rows: hand it its own.
  const columns = useMemo(modelColumns, []);
  const rows = useMemo<ModelRow[]>(
    () =>
      (value?.byModel ?? []).map(model => ({
        ...model,
        id: model.model,
        share: value && value.totalUsd > 0 ? model.costUsd / value.totalUsd : 0,
      })),
    [value],
  );

  const toolbar = (
    <Grid item xs={12}>
      <div className={classes.toolbar}>
        <PeriodPicker
          value={days}
          onChange={next => next !== 'custom' && setDays(next)}
        />
        <Typography variant="body2" className={classes.period}>
          {formatPeriod(value && !loading ? value : period)} (UTC days)
        </Typography>
        {loading && value && (
          <LinearProgress
            className={classes.refreshing}
            aria-label="Loading the new period"
          />
        )}
      </div>
    </Grid>
  );

  let body: JSX.Element;
  if (error) {
    body = (
      <Grid item xs={12}>
        <ResponseErrorPanel error={error} />
      </Grid>
    );
  } else if (!value) {
    body = (
      <Grid item xs={12}>
        <Progress />
      </Grid>
    );
  } else if (
    // Nothing in the last 60 days or more: most likely nothing ever.
    days >= 30 &&
    value.daily.length === 0 &&
    value.previous.totalUsd === 0 &&
    value.previous.requests === 0 &&
    value.month.costUsd === 0
  ) {
    body = (
      <Grid item xs={12}>
        <NoUsageEmptyState subject="this micro-app" />
      </Grid>
    );
  } else {
    const budget = value.month.budgetUsd ?? value.budgetUsd;
    const budgetPerDayUsd =
      budget !== undefined
        ? budget / daysInMonth(value.month.month)
        : undefined;
    body = (
      <>
        <CostFigures costs={value} days={days} />
        <Grid item xs={12} md={4}>
          <MonthCard costs={value} />
        </Grid>
        <Grid item xs={12} md={8}>
          <InfoCard
            title="Daily cost by model"
            subheader={
              budgetPerDayUsd !== undefined && budget !== undefined
                ? `Monthly budget ${formatUsd(budget)}: ${formatUsd(
                    budgetPerDayUsd,
                  )} a day over ${daysInMonth(value.month.month)} days`
                : 'No monthly budget declared'
            }
          >
            {value.daily.length === 0 ? (
              <EmptyState
                missing="data"
                title={`No usage in the last ${days} days`}
                description={`The app reported no model calls between ${formatPeriod(
                  value,
                )}. Earlier usage shows in a longer period.`}
              />
            ) : (
              <DailyCostChart
                title="Daily cost by model"
                days={daysOf(value)}
                points={value.daily.map(day => ({
                  date: day.date,
                  key: day.model,
                  costUsd: day.costUsd,
                }))}
                series={series}
                budgetPerDayUsd={budgetPerDayUsd}
              />
            )}
          </InfoCard>
        </Grid>
        {rows.length > 0 && (
          <Grid item xs={12}>
            <Table<ModelRow>
              title={`By model, ${formatPeriod(value)}`}
              columns={columns}
              data={rows}
              options={{
                paging: false,
                search: false,
                draggable: false,
                padding: 'dense',
              }}
            />
          </Grid>
        )}
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      {toolbar}
      {body}
    </Grid>
  );
}
