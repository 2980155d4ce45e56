import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { makeStyles } from '@material-ui/core/styles';
import type { PolicyLoadError } from '../../api';

const useStyles = makeStyles(theme => ({
  alert: { marginBottom: theme.spacing(2) },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  code: { fontFamily: 'monospace', overflowWrap: 'anywhere' },
}));

/** `12:5`, `12`, or nothing when the parser gave no position. */
function position(error: PolicyLoadError): string {
  if (error.line === undefined) return '';
  return error.column === undefined
    ? `${error.line}`
    : `${error.line}:${error.column}`;
}

/** Where a load error is: the pack, the line and column, the policy and the field. */
function errorPlace(error: PolicyLoadError): string {
  const at = position(error);
  return [
    at ? `${error.location}:${at}` : error.location,
    error.policyId ? `policy ${error.policyId}` : '',
    error.path ? `field ${error.path}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The problems that kept policies from loading, so that a steward sees a
 * broken pack: the other policies load and fire without the broken ones.
 */
export function PolicyLoadErrors(props: { errors: PolicyLoadError[] }) {
  const classes = useStyles();
  if (props.errors.length === 0) return null;
  const count = props.errors.length;
  return (
    <Alert severity="error" className={classes.alert}>
      <AlertTitle>
        {count === 1
          ? 'A policy pack has a problem'
          : `Policy packs have ${count} problems`}
        ; what it concerns is not enforced
      </AlertTitle>
      <ul className={classes.list}>
        {props.errors.map((error, index) => (
          <li key={`${errorPlace(error)}-${index}`}>
            <span className={classes.code}>{errorPlace(error)}</span>:{' '}
            {error.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
