import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(2),
    height: '100%',
    boxSizing: 'border-box',
    minWidth: 0,
  },
  label: {
    color: theme.palette.text.secondary,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  value: {
    fontWeight: theme.typography.fontWeightBold as number,
    fontVariantNumeric: 'tabular-nums',
    overflowWrap: 'anywhere',
    margin: theme.spacing(0.5, 0),
  },
  detail: {
    ...theme.typography.body2,
    color: theme.palette.text.secondary,
  },
}));

export interface CostFigureProps {
  /** What the figure is; also its accessible name. */
  label: string;
  value: ReactNode;
  /** A line under the value: change, context, units. */
  detail?: ReactNode;
}

/** A headline figure: a label, a large value and a line of context. */
export function CostFigure(props: CostFigureProps) {
  const classes = useStyles();
  return (
    <Paper
      component="section"
      aria-label={props.label}
      className={classes.root}
    >
      <Typography variant="body2" component="h3" className={classes.label}>
        {props.label}
      </Typography>
      <Typography variant="h5" component="p" className={classes.value}>
        {props.value}
      </Typography>
      {props.detail && <div className={classes.detail}>{props.detail}</div>}
    </Paper>
  );
}
