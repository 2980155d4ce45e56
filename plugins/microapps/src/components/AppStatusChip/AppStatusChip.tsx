import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import InfoIcon from '@material-ui/icons/Info';
import WarningIcon from '@material-ui/icons/Warning';
import {
  badgeTitle,
  type BadgeSummary,
  type MicroAppStatus,
  type MicroAppStatusSeverity,
} from '@trellis/plugin-microapps-common';
import type { ComponentType } from 'react';
import { BadgeStateList } from '../BadgeStateList';
import { readableFill } from '../contrast';

const SEVERITY_ICONS: Record<
  MicroAppStatusSeverity,
  ComponentType<{ className?: string }>
> = {
  ok: CheckCircleIcon,
  info: InfoIcon,
  warning: WarningIcon,
  error: BlockIcon,
};

const severityColor = (theme: Theme, severity: MicroAppStatusSeverity) => {
  switch (severity) {
    case 'ok':
      return theme.palette.success.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'error':
      return theme.palette.error.main;
    default:
      return theme.palette.info.main;
  }
};

const severityStyle = (theme: Theme, severity: MicroAppStatusSeverity) => {
  const fill = readableFill(theme, severityColor(theme, severity));
  return {
    ...fill,
    fontWeight: theme.typography.fontWeightBold as number,
    '& $icon': { color: fill.color },
  };
};

const useStyles = makeStyles(theme => ({
  icon: { fontSize: 16 },
  ok: severityStyle(theme, 'ok'),
  info: severityStyle(theme, 'info'),
  warning: severityStyle(theme, 'warning'),
  error: severityStyle(theme, 'error'),
  cell: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
  },
  muted: {
    ...theme.typography.caption,
    color: theme.palette.text.secondary,
  },
}));

/** What the tooltip adds to the label: the badges missing, the models prohibited. */
function statusDetail(status: MicroAppStatus): string {
  const parts = [status.label];
  if (status.prohibitedModels?.length) {
    parts.push(`prohibited: ${status.prohibitedModels.join(', ')}`);
  }
  if (status.missingBadges.length) {
    parts.push(
      `missing for ${status.stage}: ${status.missingBadges
        .map(badgeTitle)
        .join(', ')}`,
    );
  }
  return parts.join('; ');
}

/**
 * The app's one status (common's `appStatus`, as the backend answers it):
 * its label in words with an icon, coloured by severity.
 */
export function AppStatusChip(props: {
  status: MicroAppStatus;
  size?: 'small' | 'medium';
}) {
  const { status, size = 'small' } = props;
  const classes = useStyles();
  const Icon = SEVERITY_ICONS[status.severity];
  return (
    <Tooltip title={statusDetail(status)}>
      <Chip
        size={size}
        className={classes[status.severity]}
        icon={<Icon className={classes.icon} />}
        label={status.label}
        aria-label={`Status: ${statusDetail(status)}`}
        data-status={status.id}
      />
    </Tooltip>
  );
}

/**
 * The status chip over the badges the status counts (those the app's tier
 * needs for its stage), each with its state; "No badges needed" when none.
 */
export function AppStatusWithBadges(props: {
  status: MicroAppStatus;
  badges: BadgeSummary[];
}) {
  const { status } = props;
  const classes = useStyles();
  const required = status.requiredBadges.map(
    badge =>
      props.badges.find(b => b.badge === badge) ?? {
        badge,
        state: 'pending' as const,
      },
  );
  return (
    <div className={classes.cell}>
      <AppStatusChip status={status} />
      {required.length ? (
        <BadgeStateList badges={required} />
      ) : (
        status.stage && (
          <span className={classes.muted}>
            No badges needed for {status.stage}
          </span>
        )
      )}
    </div>
  );
}
