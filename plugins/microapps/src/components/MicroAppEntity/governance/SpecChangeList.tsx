import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SpecChange } from '@trellis/plugin-microapps-common';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
  field: {
    fontFamily: 'monospace',
  },
  value: {
    fontFamily: 'monospace',
    overflowWrap: 'anywhere',
  },
}));

/** A manifest value as a reader would write it: lists comma-separated, nothing as "none". */
export function formatSpecValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value
      .map(item =>
        typeof item === 'object' && item !== null
          ? Object.values(item as Record<string, unknown>).join(' ')
          : String(item),
      )
      .join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What changed in the manifest since a steward reviewed it: `field: before → after`. */
export function SpecChangeList(props: { changes: SpecChange[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Changed since the review">
      {props.changes.map(change => (
        <li key={change.field}>
          <Typography variant="body2" component="span">
            <span className={classes.field}>{change.field}</span>:{' '}
            <span className={classes.value}>
              {formatSpecValue(change.before)}
            </span>
            {' → '}
            <span className={classes.value}>
              {formatSpecValue(change.after)}
            </span>
          </Typography>
        </li>
      ))}
    </ul>
  );
}
