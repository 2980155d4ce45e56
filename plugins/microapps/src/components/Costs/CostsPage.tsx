import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { CostGroupBy, CostReport } from '@trellis/plugin-microapps-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { microAppsApiRef } from '../../api';
import { formatUsd } from '../format';
import { ChargebackDownload } from './ChargebackDownload';
import { CostChange } from './CostChange';
import { CostFigure } from './CostFigure';
import { OTHER_KEY } from './CostGroupName';
import { CostGroupsTable, GROUP_NOUNS, isOverBudget } from './CostGroupsTable';
import {
  daysBetween,
  daysOf,
  formatPeriod,
  lastDays,
  todayUtc,
} from './costPeriods';
import {
  periodProblem,
  readCostsViewState,
  writeCostsViewState,
  type CostsViewState,
} from './costsSearchParams';
import { DailyCostChart, type CostSeries } from './DailyCostChart';
import { NoUsageEmptyState } from './NoUsageEmptyState';
import { PeriodPicker } from './PeriodPicker';
import { TopMoversCard, topMovers } from './TopMovers';

const GROUP_BY_TABS: { value: CostGroupBy; label: string }[] = [
  { value: 'team', label: 'Team' },
  { value: 'costCenter', label: 'Cost center' },
  { value: 'model', label: 'Model' },
  { value: 'app', label: 'App' },
];

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(0, 2),
  },
  tabs: {
    minHeight: 48,
  },
  period: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
  },
  dateField: {
    width: 160,
  },
  periodText: {
    color: theme.palette.text.secondary,
  },
  refreshing: {
    height: 2,
  },
}));

function plural(n: number, nouns: [string, string]) {
  return `${count.format(n)} ${n === 1 ? nouns[0] : nouns[1]}`;
}

function ReportFigures(props: { report: CostReport }) {
  const { report } = props;
  const nouns = GROUP_NOUNS[report.groupBy];
  // Totals of every group, also when the list holds only the largest ones.
  const requests = report.totalRequests;
  const withBudget = report.groups.filter(
    g => g.budgetUsd !== undefined && g.budgetUsd > 0,
  );
  const over = withBudget.filter(isOverBudget);
  const previous = formatPeriod({
    from: report.previousFrom,
    to: report.previousTo,
  });
  return (
    <>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Total cost"
          value={formatUsd(report.totalUsd)}
          detail={
            report.changePct === null ? (
              `Nothing in ${previous} to compare with`
            ) : (
              <>
                <CostChange pct={report.changePct} /> vs{' '}
                {formatUsd(report.previousTotalUsd)} in {previous}
              </>
            )
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Requests"
          value={count.format(requests)}
          detail={`Model calls across ${plural(report.totalGroups, nouns)}`}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Cost per request"
          value={requests > 0 ? formatUsd(report.totalUsd / requests) : '—'}
          detail="Total cost divided by requests"
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <CostFigure
          label="Over budget this month"
          value={
            report.groupBy === 'model'
              ? '—'
              : `${count.format(over.length)} of ${count.format(
                  withBudget.length,
                )}`
          }
          detail={
            report.groupBy === 'model'
              ? 'Budgets belong to apps: group by team, cost center or app to compare.'
              : `${nouns[1].replace(/^./, c =>
                  c.toUpperCase(),
                )} with a budget whose month to date exceeds the sum of their apps' monthly budgets`
          }
        />
      </Grid>
    </>
  );
}

function ReportView(props: { report: CostReport; days?: number }) {
  const { report, days } = props;
  const nouns = GROUP_NOUNS[report.groupBy];
  const { increases, decreases } = useMemo(
    () => topMovers(report.groups),
    [report.groups],
  );
  const series = useMemo<CostSeries[]>(() => {
    const inSeries = new Set(report.series.map(point => point.key));
    const shown: CostSeries[] = report.groups
      .filter(group => inSeries.has(group.key))
      .map(group => ({ key: group.key, label: group.label }));
    if (inSeries.has(OTHER_KEY)) {
      const others = report.groups.length - shown.length;
      shown.push({
        key: OTHER_KEY,
        label: `Other ${plural(others, nouns)}`,
        other: true,
      });
    }
    return shown;
  }, [report, nouns]);

  if (report.groups.length === 0) {
    return (
      <Grid item xs={12}>
        {days !== undefined && days >= 30 ? (
          <NoUsageEmptyState />
        ) : (
          <EmptyState
            missing="data"
            title={`No usage between ${formatPeriod(report)}`}
            description="No micro-app reported model calls in this period or the one before it. Choose a longer period to see earlier usage."
          />
        )}
      </Grid>
    );
  }

  const previous = `vs ${formatPeriod({
    from: report.previousFrom,
    to: report.previousTo,
  })}`;
  const largest = report.groups.length > 12;
  return (
    <>
      <ReportFigures report={report} />
      <Grid item xs={12}>
        <InfoCard
          title={
            largest
              ? `Daily cost of the 12 largest ${nouns[1]}`
              : `Daily cost by ${nouns[0]}`
          }
          subheader={`${formatPeriod(report)}, UTC days${
            largest ? `; the other ${nouns[1]} are summed as one series` : ''
          }`}
        >
          <DailyCostChart
            title={`Daily cost by ${nouns[0]}`}
            days={daysOf(report)}
            points={report.series}
            series={series}
            height={360}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6} lg={4}>
        <TopMoversCard
          title="Largest increases"
          direction="up"
          movers={increases}
          groupBy={report.groupBy}
          subheader={previous}
        />
      </Grid>
      <Grid item xs={12} md={6} lg={4}>
        <TopMoversCard
          title="Largest decreases"
          direction="down"
          movers={decreases}
          groupBy={report.groupBy}
          subheader={previous}
        />
      </Grid>
      <Grid item xs={12} lg={4}>
        <ChargebackDownload />
      </Grid>
      <Grid item xs={12}>
        <CostGroupsTable
          groupBy={report.groupBy}
          groups={report.groups}
          totalUsd={report.totalUsd}
          title={`${nouns[1].replace(/^./, c => c.toUpperCase())} (${
            report.groups.length < report.totalGroups
              ? `the ${count.format(
                  report.groups.length,
                )} largest of ${count.format(report.totalGroups)}`
              : report.groups.length
          }), ${formatPeriod(report)}`}
        />
      </Grid>
    </>
  );
}

/**
 * The cost and chargeback view without page chrome: group by team, cost
 * center, model or app; a period of 7, 30 or 90 days or a custom one; the
 * totals with their change, a stacked daily chart of the largest groups,
 * the top movers, the chargeback CSV and a table of every group. The
 * grouping and period live in the URL.
 *
 * @public
 */
export function CostsContent() {
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const state = useMemo(
    () => readCostsViewState(new URLSearchParams(queryString), todayUtc()),
    [queryString],
  );
  const setState = useCallback(
    (next: CostsViewState, options?: { replace?: boolean }) =>
      setSearchParams(writeCostsViewState(next), options),
    [setSearchParams],
  );

  const problem = state.period === 'custom' ? periodProblem(state) : undefined;
  const { value, loading, error } = useAsync(async () => {
    if (problem) return undefined;
    return api.getCostReport(state.groupBy, {
      from: state.from,
      to: state.to,
    });
  }, [api, state.groupBy, state.from, state.to, problem]);

  let body: JSX.Element;
  if (problem) {
    body = (
      <Grid item xs={12}>
        <EmptyState
          missing="data"
          title="Choose a period"
          description={`${problem}. Periods are whole UTC days, at most 400.`}
        />
      </Grid>
    );
  } else if (error) {
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
  } else {
    body = (
      <ReportView
        report={value}
        days={state.period === 'custom' ? undefined : state.period}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Paper className={classes.toolbar}>
          <Tabs
            className={classes.tabs}
            value={state.groupBy}
            onChange={(_event, groupBy: CostGroupBy) =>
              setState({ ...state, groupBy })
            }
            indicatorColor="primary"
            textColor="primary"
            variant="scrollable"
            scrollButtons="auto"
            aria-label="Group cost by"
          >
            {GROUP_BY_TABS.map(tab => (
              <Tab key={tab.value} value={tab.value} label={tab.label} />
            ))}
          </Tabs>
          <div className={classes.period}>
            <PeriodPicker
              allowCustom
              value={state.period}
              onChange={period =>
                setState(
                  period === 'custom'
                    ? { ...state, period }
                    : { ...state, period, ...lastDays(period) },
                )
              }
            />
            {state.period === 'custom' ? (
              <>
                <TextField
                  className={classes.dateField}
                  id="microapps-costs-from"
                  label="From"
                  type="date"
                  size="small"
                  value={state.from}
                  onChange={event =>
                    setState(
                      { ...state, from: event.target.value },
                      { replace: true },
                    )
                  }
                  InputLabelProps={{ shrink: true }}
                  error={Boolean(problem)}
                />
                <TextField
                  className={classes.dateField}
                  id="microapps-costs-to"
                  label="To"
                  type="date"
                  size="small"
                  value={state.to}
                  onChange={event =>
                    setState(
                      { ...state, to: event.target.value },
                      { replace: true },
                    )
                  }
                  InputLabelProps={{ shrink: true }}
                  error={Boolean(problem)}
                />
              </>
            ) : (
              <Typography variant="body2" className={classes.periodText}>
                {formatPeriod(state)} · {daysBetween(state.from, state.to)} UTC
                days
              </Typography>
            )}
          </div>
        </Paper>
        {loading && value && (
          <LinearProgress
            className={classes.refreshing}
            aria-label="Loading the cost report"
          />
        )}
      </Grid>
      {body}
    </Grid>
  );
}

/**
 * The cost and chargeback page (mounted at `/microapps/costs`): what
 * micro-apps cost by team, cost center, model or app, how that changed, who
 * is over budget, and the monthly chargeback statement as CSV.
 *
 * @public
 */
export function CostsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cost & chargeback"
        subtitle="What micro-apps cost, by team, cost center, model and app, against their budgets"
      />
      <Content>
        <CostsContent />
      </Content>
    </Page>
  );
}
