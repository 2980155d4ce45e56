import { formatMicros } from '@trellis/plugin-microapps-common';
import type { UsageSums } from '../TelemetryStore';
import { appTitle, UNREGISTERED } from './costGroups';
import { csvText } from './csvText';
import type { AppLookup } from './visibleRefs';

/** One line of the monthly chargeback statement: an app's usage. */
interface ChargebackRow {
  costCenter: string;
  team: string;
  entityRef: string;
  title: string;
  sums: UsageSums;
}

const HEADER = [
  'month',
  'cost_center',
  'team',
  'app',
  'app_title',
  'requests',
  'input_tokens',
  'output_tokens',
  'cost_usd',
];

/** The visible apps' usage, by cost center, team and app. */
export function chargebackRows(
  totalsByApp: ReadonlyMap<string, UsageSums>,
  lookup: AppLookup,
  visible: (entityRef: string) => boolean,
): ChargebackRow[] {
  return Array.from(totalsByApp)
    .filter(([entityRef]) => visible(entityRef))
    .map(([entityRef, sums]) => {
      const app = lookup(entityRef);
      return {
        costCenter: app?.entity.spec.costCenter ?? '(unattributed)',
        team: app?.owner ?? UNREGISTERED,
        entityRef,
        title: appTitle(entityRef, app),
        sums,
      };
    })
    .sort(
      (a, b) =>
        a.costCenter.localeCompare(b.costCenter) ||
        a.team.localeCompare(b.team) ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

/** The statement as CSV (RFC 4180, CRLF line ends), a header line first. */
export function chargebackCsvText(
  month: string,
  rows: readonly ChargebackRow[],
): string {
  const lines = [
    HEADER,
    ...rows.map(row => [
      month,
      row.costCenter,
      row.team,
      row.entityRef,
      row.title,
      String(row.sums.requests),
      String(row.sums.inputTokens),
      String(row.sums.outputTokens),
      formatMicros(row.sums.costMicros),
    ]),
  ];
  return csvText(lines);
}
