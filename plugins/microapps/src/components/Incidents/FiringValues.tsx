import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    margin: 0,
    fontFamily: 'monospace',
    fontSize: '0.85em',
  },
  key: { color: theme.palette.text.primary },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

/** A value the condition saw, as it would be written in the condition. */
export function formatFiringValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** The input values a policy fired on, as `window.pii_count → 14`. */
export function FiringValues(props: {
  values: Record<string, unknown>;
  label: string;
}) {
  const classes = useStyles();
  const entries = Object.entries(props.values);
  if (entries.length === 0) return null;
  return (
    <dl className={classes.list} aria-label={props.label}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt className={classes.key}>{key}</dt>
          <dd className={classes.value}>{formatFiringValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
