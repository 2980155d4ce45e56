import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  notice: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
}));

/** "3 drafts and decommissioned apps hidden", "1 draft or decommissioned app hidden". */
export function hiddenAppsText(count: number): string {
  return count === 1
    ? '1 draft or decommissioned app hidden'
    : `${count} drafts and decommissioned apps hidden`;
}

/**
 * Says how many apps the list leaves out for their stage, with the way to
 * show them; nothing when none is left out.
 */
export function MarketplaceHiddenNotice(props: {
  hiddenItems?: number;
  onShow(): void;
}) {
  const { hiddenItems = 0, onShow } = props;
  const classes = useStyles();
  if (hiddenItems === 0) return null;
  return (
    <div className={classes.notice} role="status">
      {/* On the app's background: secondary text would fall below 4.5:1. */}
      <Typography variant="body2">{hiddenAppsText(hiddenItems)} —</Typography>
      <Button size="small" color="primary" onClick={onShow}>
        Show them
      </Button>
    </div>
  );
}
