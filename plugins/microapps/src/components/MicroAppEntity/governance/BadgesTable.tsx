import { Table } from '@backstage/core-components';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import { useBadgePermissions } from './useBadgePermissions';
import {
  type BadgeDetail,
  type MicroAppDetail,
  badgeTitle,
} from '@trellis/plugin-microapps-common';
import { useCallback, useMemo, useState } from 'react';
import { BadgeDecisionDialog, type BadgeDecision } from './BadgeDecisionDialog';
import { useBadgeColumns, type BadgeRow } from './useBadgeColumns';

/**
 * The app's approval badges: state, the stage that needs each, who granted
 * it and when, until when it holds, the manifest digest it was granted on
 * and, for stale ones, what changed since. Grant and revoke buttons appear
 * only for people the permission framework allows.
 */
export function BadgesTable(props: {
  detail: MicroAppDetail;
  entityRef: string;
  /** Called after a grant or revoke went through, to reload the badges. */
  onChanged(): void;
}) {
  const { detail, entityRef, onChanged } = props;
  const { permissions } = useBadgePermissions(entityRef);
  const [target, setTarget] = useState<{
    decision: BadgeDecision;
    badge: BadgeDetail;
  }>();
  const [open, setOpen] = useState(false);
  const ask = useCallback((decision: BadgeDecision, badge: BadgeDetail) => {
    setTarget({ decision, badge });
    setOpen(true);
  }, []);

  const ownerTitle = useEntityPresentation(detail.owner, {
    defaultKind: 'group',
  }).primaryTitle;
  const columns = useBadgeColumns({
    detail,
    permissions,
    onAsk: ask,
    ownerTitle,
  });
  // material-table writes bookkeeping into the row objects: hand it copies.
  const rows = useMemo<BadgeRow[]>(
    () => detail.badges.map(badge => ({ ...badge, id: badge.badge })),
    [detail.badges],
  );

  return (
    <>
      <Table<BadgeRow>
        title="Approval badges"
        subtitle={`Required for a ${detail.risk.tier}-tier app: ${
          detail.badges
            .filter(b => b.required)
            .map(b => badgeTitle(b.badge))
            .join(', ') || 'none'
        }`}
        columns={columns}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
      {target && (
        <BadgeDecisionDialog
          open={open}
          decision={target.decision}
          badge={target.badge}
          entityRef={entityRef}
          appTitle={detail.title}
          digest={detail.digest}
          risk={detail.risk}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}
