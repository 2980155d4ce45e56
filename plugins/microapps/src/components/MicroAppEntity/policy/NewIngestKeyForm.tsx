import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  actions: { marginTop: theme.spacing(2) },
}));

/** The name of a new ingest key, and the button that creates it. */
export function NewIngestKeyForm(props: {
  id: string;
  name: string;
  /** Why the last attempt failed, shown in place of the help text. */
  problem: string | undefined;
  onNameChange(name: string): void;
  onCreate(): void;
}) {
  const { id, name, problem, onNameChange, onCreate } = props;
  const classes = useStyles();
  return (
    <div className={classes.actions}>
      <TextField
        id={id}
        label="New key name"
        helperText={problem ?? 'For example production, staging or a laptop'}
        error={!!problem}
        value={name}
        onChange={event => onNameChange(event.target.value)}
        size="small"
        inputProps={{ maxLength: 200 }}
      />{' '}
      <Button variant="outlined" color="primary" onClick={onCreate}>
        Create key
      </Button>
    </div>
  );
}
