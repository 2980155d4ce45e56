import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { badgeTitle, type ReviewItem } from '@trellis/plugin-microapps-common';
import { RiskTierChip } from '../RiskTierChip';
import { ReasonDialog } from '../MicroAppEntity/shared/ReasonDialog';
import { BADGE_STATE_TITLES } from '../MicroAppEntity/shared/displayNames';
import type { BulkDecision } from './bulkDecisions';

const useStyles = makeStyles(theme => ({
  list: {
    margin: theme.spacing(1, 0, 0),
    paddingLeft: theme.spacing(2.5),
    maxHeight: 240,
    overflowY: 'auto',
  },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.5),
  },
}));

const WORDING: Record<
  BulkDecision,
  { title: string; confirm: string; help: string; what: string }
> = {
  grant: {
    title: 'Grant',
    confirm: 'Grant each',
    help: "Recorded with each approval and in the audit log, bound to each app's manifest as it is now.",
    what: 'Each badge is granted on its own: one the backend refuses (for example under separation of duties) leaves the others granted, and the refusals are listed afterwards.',
  },
  'request-changes': {
    title: 'Request changes for',
    confirm: 'Request changes',
    help: 'Sent to the owners of each app and recorded in the audit log.',
    what: "Each badge stays pending; each app's owners are told what to change.",
  },
};

/** The reviews a bulk decision applies to, and the one comment it needs. */
export function BulkDecisionDialog(props: {
  decision?: BulkDecision;
  items: readonly ReviewItem[];
  onSubmit(comment: string): Promise<void>;
  onClose(): void;
}) {
  const { decision = 'grant', items, onSubmit, onClose } = props;
  const classes = useStyles();
  const wording = WORDING[decision];
  const count = items.length === 1 ? '1 badge' : `${items.length} badges`;
  return (
    <ReasonDialog
      open={props.decision !== undefined}
      title={`${wording.title} ${count}`}
      fieldLabel="Comment"
      fieldHelp={wording.help}
      requiredMessage="Write a comment: it is kept with each decision."
      confirmLabel={wording.confirm}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Typography variant="body2">{wording.what}</Typography>
      <ul className={classes.list} aria-label="Badges in this decision">
        {items.map(item => (
          <li key={`${item.entityRef}#${item.badge}`}>
            <span className={classes.item}>
              <strong>{item.title}</strong>
              <span>{badgeTitle(item.badge)}</span>
              <RiskTierChip tier={item.tier} score={item.score} />
              <span>
                {BADGE_STATE_TITLES[item.state]}
                {item.overdue ? ' · overdue' : ''}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </ReasonDialog>
  );
}
