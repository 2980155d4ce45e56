import { EmptyState, InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import type { CostReport } from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { ChargebackDownload } from './ChargebackDownload';
import { OTHER_KEY } from './CostGroupName';
import { GROUP_NOUNS } from './costGroups';
import { CostGroupsTable } from './CostGroupsTable';
import { daysOf, formatPeriod } from './costPeriods';
import { CostReportFigures } from './CostReportFigures';
import { DailyCostChart, type CostSeries } from './DailyCostChart';
import { count, plural } from './formatCount';
import { NoUsageEmptyState } from './NoUsageEmptyState';
import { TopMoversCard, topMovers } from './TopMovers';

/** The chart shows this many groups; the rest are summed as one series. */
const CHARTED_GROUPS = 12;

/** The chart's series: the groups in it, then the others summed as one. */
function reportSeries(report: CostReport): CostSeries[] {
  const nouns = GROUP_NOUNS[report.groupBy];
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
}

/** `Teams (the 25 largest of 40), Oct 25 – Nov 23, 2026`. */
function tableTitle(report: CostReport): string {
  const nouns = GROUP_NOUNS[report.groupBy];
  return `${nouns[1].replace(/^./, c => c.toUpperCase())} (${
    report.groups.length < report.totalGroups
      ? `the ${count.format(report.groups.length)} largest of ${count.format(
          report.totalGroups,
        )}`
      : report.groups.length
  }), ${formatPeriod(report)}`;
}

/** No group used anything in the period or the one before it. */
function NoUsageInPeriod(props: { report: CostReport; days?: number }) {
  const { report, days } = props;
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

/** Daily cost stacked by group: the largest ones, and the rest as one. */
function DailyCostByGroupCard(props: { report: CostReport }) {
  const { report } = props;
  const nouns = GROUP_NOUNS[report.groupBy];
  const series = useMemo(() => reportSeries(report), [report]);
  const largest = report.groups.length > CHARTED_GROUPS;
  return (
    <InfoCard
      title={
        largest
          ? `Daily cost of the ${CHARTED_GROUPS} largest ${nouns[1]}`
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
        anomalousDays={report.anomalousDays}
      />
    </InfoCard>
  );
}

/**
 * The report: its figures, the daily chart, the top movers, the chargeback
 * download and the table of groups. `days` is the preset period, if any.
 */
export function CostReportView(props: { report: CostReport; days?: number }) {
  const { report, days } = props;
  const { increases, decreases } = useMemo(
    () => topMovers(report.groups),
    [report.groups],
  );

  if (report.groups.length === 0) {
    return <NoUsageInPeriod report={report} days={days} />;
  }

  const previous = `vs ${formatPeriod({
    from: report.previousFrom,
    to: report.previousTo,
  })}`;
  return (
    <>
      <CostReportFigures report={report} />
      <Grid item xs={12}>
        <DailyCostByGroupCard report={report} />
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
          title={tableTitle(report)}
        />
      </Grid>
    </>
  );
}
