import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.secondary,
    fontWeight: theme.typography.fontWeightBold as number,
    letterSpacing: 0.5,
    lineHeight: 1.6,
  },
  value: {
    margin: 0,
    overflowWrap: 'anywhere',
  },
}));

/** One labelled fact of the overview card; two per row when there is room. */
export function OverviewField(props: {
  label: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const classes = useStyles();
  return (
    <Grid item xs={12} sm={props.wide ? 12 : 6}>
      <Typography variant="overline" component="dt" className={classes.label}>
        {props.label}
      </Typography>
      <Typography variant="body2" component="dd" className={classes.value}>
        {props.children}
      </Typography>
    </Grid>
  );
}
