import type { TableColumn } from '@backstage/core-components';
import type {
  BadgeDetail,
  MicroAppDetail,
} from '@trellis/plugin-microapps-common';
import { useMemo } from 'react';
import { BadgeActions } from './BadgeActions';
import {
  ApproverCell,
  BadgeNameCell,
  BadgeStateCell,
  ExpiresCell,
  GrantedCell,
  GrantedDigestCell,
} from './BadgeCells';
import type { BadgeDecision } from './BadgeDecisionDialog';
import { callerConflictText } from './callerConflictText';
import type { BadgePermissions } from './useBadgePermissions';

/** A badge as a table row. */
export type BadgeRow = BadgeDetail & { id: string };

/**
 * The badges table's columns. The actions column is there only when the user
 * may grant or revoke at least one badge.
 */
export function useBadgeColumns(options: {
  detail: MicroAppDetail;
  permissions: BadgePermissions;
  /** Opens the dialog for a decision on a badge; must keep its identity. */
  onAsk(decision: BadgeDecision, badge: BadgeDetail): void;
  /** The owning group's display name. */
  ownerTitle: string;
}): TableColumn<BadgeRow>[] {
  const { detail, permissions, onAsk, ownerTitle } = options;
  const appTitle = detail.title;
  const { digest } = detail;
  const tier = detail.risk.tier;
  const mayActOnAny = Object.values(permissions).some(p => p.grant || p.revoke);

  return useMemo<TableColumn<BadgeRow>[]>(() => {
    const list: TableColumn<BadgeRow>[] = [
      {
        title: 'Badge',
        field: 'badge',
        render: row => <BadgeNameCell badge={row} tier={tier} />,
      },
      {
        title: 'State',
        field: 'state',
        render: row => <BadgeStateCell badge={row} />,
      },
      {
        title: 'Approver',
        field: 'approver',
        render: row => <ApproverCell badge={row} />,
      },
      {
        title: 'Granted',
        field: 'grantedAt',
        render: row => <GrantedCell badge={row} />,
      },
      {
        title: 'Expires',
        field: 'expiresAt',
        render: row => <ExpiresCell badge={row} />,
      },
      {
        title: 'Granted on digest',
        field: 'grantedDigest',
        render: row => <GrantedDigestCell badge={row} currentDigest={digest} />,
      },
    ];
    if (mayActOnAny) {
      list.push({
        title: 'Actions',
        field: 'id',
        render: row => (
          <BadgeActions
            badge={row}
            may={permissions[row.badge]}
            refusal={callerConflictText(row, { appTitle, ownerTitle })}
            onAsk={onAsk}
          />
        ),
      });
    }
    return list;
  }, [digest, tier, permissions, mayActOnAny, onAsk, appTitle, ownerTitle]);
}
