import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { ReviewItem } from '@trellis/plugin-microapps-common';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef } from '../../api';
import { BulkDecisionBar } from './BulkDecisionBar';
import { BulkDecisionDialog } from './BulkDecisionDialog';
import { BulkOutcomeAlert } from './BulkOutcomeAlert';
import {
  type BulkDecision,
  type BulkOutcome,
  decideEach,
} from './bulkDecisions';
import { OLD_REVIEW_DAYS, StewardInboxTable } from './StewardInboxTable';
import { StewardInboxFilters } from './StewardInboxFilters';
import {
  filterReviews,
  type InboxFilters,
  overdueThenOldest,
} from './inboxTriage';

/** Nothing to review: say why the list is empty and what fills it. */
export function NoReviewsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="Nothing waits for your review."
      description={
        <>
          Reviews appear here when a micro-app needs a badge that your steward
          role grants (security, compliance, executive sign-off or production
          readiness) before its next stage, or when a badge you could grant went
          stale, expired or was revoked. Apps that your own team owns are left
          out: someone outside the team reviews them.
        </>
      }
    />
  );
}

/** "2 overdue · 1 stale · 1 waiting 14 days or more" */
function summary(items: ReviewItem[]): string {
  const overdue = items.filter(item => item.overdue).length;
  const stale = items.filter(item => item.state === 'stale').length;
  const old = items.filter(item => item.ageDays >= OLD_REVIEW_DAYS).length;
  return [
    overdue > 0 ? `${overdue} overdue` : undefined,
    stale > 0 ? `${stale} stale` : undefined,
    old > 0 ? `${old} waiting ${OLD_REVIEW_DAYS} days or more` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The steward inbox without page chrome: the reviews the signed-in user may
 * act on, oldest first.
 *
 * @public
 */
export function StewardInboxContent() {
  const api = useApi(microAppsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listReviews(),
    [api],
  );
  const items = useMemo(() => overdueThenOldest(value ?? []), [value]);
  const [filters, setFilters] = useState<InboxFilters>({ overdueOnly: false });
  const shown = useMemo(() => filterReviews(items, filters), [items, filters]);
  const [selected, setSelected] = useState<ReviewItem[]>([]);
  const [deciding, setDeciding] = useState<BulkDecision>();
  const [outcome, setOutcome] = useState<BulkOutcome>();

  const decide = async (comment: string) => {
    if (!deciding) return;
    const result = await decideEach(deciding, selected, item =>
      deciding === 'grant'
        ? api.grantBadge(item.entityRef, item.badge, comment)
        : api.requestBadgeChanges(item.entityRef, item.badge, comment),
    );
    setDeciding(undefined);
    setSelected([]);
    setOutcome(result);
    retry();
  };

  // Only on the first load: a reload after a decision keeps the table.
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (items.length === 0) {
    return (
      <>
        {outcome && (
          <BulkOutcomeAlert
            outcome={outcome}
            onClose={() => setOutcome(undefined)}
          />
        )}
        <NoReviewsEmptyState />
      </>
    );
  }
  return (
    <>
      {outcome && (
        <BulkOutcomeAlert
          outcome={outcome}
          onClose={() => setOutcome(undefined)}
        />
      )}
      <Typography variant="body1" paragraph>
        Each row is a badge that a micro-app needs. Overdue ones come first: the
        app already runs in canary or production without it. Open the app's
        Governance tab to read the risk explanation, then grant the badge or
        request changes from its owners; or tick several and decide them with
        one comment.
      </Typography>
      <StewardInboxFilters
        filters={filters}
        onChange={next => {
          // The table unticks every row when its rows change.
          setSelected([]);
          setFilters(next);
        }}
      />
      <BulkDecisionBar selected={selected.length} onDecide={setDeciding} />
      <StewardInboxTable
        items={shown}
        subtitle={summary(shown)}
        onSelectionChange={setSelected}
      />
      <BulkDecisionDialog
        decision={deciding}
        items={selected}
        onSubmit={decide}
        onClose={() => setDeciding(undefined)}
      />
    </>
  );
}

/**
 * The steward inbox page (`/microapps/reviews`): badges waiting for the
 * signed-in steward's sign-off, each one click away from the app's
 * Governance tab.
 *
 * @public
 */
export function StewardInboxPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Steward inbox"
        subtitle="Micro-app badges waiting for your review, overdue first, then oldest"
      />
      <Content>
        <StewardInboxContent />
      </Content>
    </Page>
  );
}
