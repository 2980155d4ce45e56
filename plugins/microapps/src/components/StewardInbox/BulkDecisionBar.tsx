import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { BulkDecision } from './bulkDecisions';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    marginBottom: theme.spacing(2),
  },
}));

/** "2 selected: Grant… · Request changes…", shown while rows are ticked. */
export function BulkDecisionBar(props: {
  selected: number;
  onDecide(decision: BulkDecision): void;
}) {
  const { selected, onDecide } = props;
  const classes = useStyles();
  if (selected === 0) return null;
  return (
    <Paper
      className={classes.bar}
      role="region"
      aria-label="Decide the selected reviews"
    >
      <Typography variant="body2">{selected} selected:</Typography>
      <Button
        variant="contained"
        color="primary"
        size="small"
        onClick={() => onDecide('grant')}
      >
        Grant…
      </Button>
      <Button
        variant="outlined"
        size="small"
        onClick={() => onDecide('request-changes')}
      >
        Request changes…
      </Button>
    </Paper>
  );
}
