import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import type { SpecChange } from '@trellis/plugin-microapps-common';

const useStyles = makeStyles(theme => ({
  list: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
    // Wide enough for a model name or a host on one line, so that a table
    // column holding the list does not shrink to a few characters.
    minWidth: '16em',
  },
  field: {
    fontFamily: 'monospace',
  },
  value: {
    fontFamily: 'monospace',
  },
  // A list wraps between its items; an item wider than the line (a URL)
  // wraps after its slashes, and inside a word only as a last resort.
  item: {
    display: 'inline-block',
    overflowWrap: 'anywhere',
  },
  after: {
    display: 'block',
  },
}));

/** A manifest value as a reader would write it: a list's items, nothing as "none". */
function specValueItems(value: unknown): string[] {
  if (value === null || value === undefined) return ['none'];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['none'];
    return value.map(item =>
      typeof item === 'object' && item !== null
        ? Object.values(item as Record<string, unknown>).join(' ')
        : String(item),
    );
  }
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** Text with a line-break opportunity after each slash of a path or URL. */
function Breakable(props: { text: string }) {
  const parts = props.text.split(/(?<=[^/]\/)(?=[^/])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** A manifest value, its items comma-separated. */
function SpecValue(props: { value: unknown }) {
  const classes = useStyles();
  return (
    <span className={classes.value}>
      {specValueItems(props.value).map((item, i) => (
        <Fragment key={i}>
          {i > 0 && ', '}
          <span className={classes.item}>
            <Breakable text={item} />
          </span>
        </Fragment>
      ))}
    </span>
  );
}

/**
 * What changed in the manifest since a steward reviewed it, one change per
 * item: `field: before`, then `→ after` on a line of its own.
 */
export function SpecChangeList(props: { changes: SpecChange[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Changed since the review">
      {props.changes.map(change => (
        <li key={change.field}>
          <Typography variant="body2" component="span">
            <span className={classes.field}>{change.field}</span>:{' '}
            <SpecValue value={change.before} />
            <span className={classes.after}>
              {' → '}
              <SpecValue value={change.after} />
            </span>
          </Typography>
        </li>
      ))}
    </ul>
  );
}
