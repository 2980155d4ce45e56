import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  type MicroAppConnector,
} from '@trellis/plugin-microapps-common';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1),
  },
  name: {
    flex: '2 1 180px',
    minWidth: 0,
  },
  choice: {
    flex: '1 1 120px',
    minWidth: 0,
  },
}));

const EXPOSURE_TITLES = { internal: 'Internal', 'third-party': 'Third-party' };
const ACCESS_TITLES = { read: 'Read only', write: 'Read and write' };

/** One connector of a what-if spec: its name, exposure and access. */
export function ConnectorRow(props: {
  connector: MicroAppConnector;
  index: number;
  /** Prefix of the fields' ids, unique to the editor. */
  idPrefix: string;
  onChange(patch: Partial<MicroAppConnector>): void;
  onRemove(): void;
}) {
  const { connector, index, idPrefix, onChange, onRemove } = props;
  const classes = useStyles();
  const label = connector.name || `connector ${index + 1}`;
  return (
    <div className={classes.row}>
      <TextField
        id={`${idPrefix}-${index}-name`}
        className={classes.name}
        label="Connector name"
        value={connector.name}
        onChange={event => onChange({ name: event.target.value })}
        helperText={
          connector.name.trim()
            ? undefined
            : 'Unnamed connectors are not scored'
        }
      />
      <TextField
        id={`${idPrefix}-${index}-exposure`}
        select
        className={classes.choice}
        label="Exposure"
        value={connector.exposure}
        onChange={event =>
          onChange({
            exposure: event.target.value as MicroAppConnector['exposure'],
          })
        }
      >
        {CONNECTOR_EXPOSURES.map(value => (
          <MenuItem key={value} value={value}>
            {EXPOSURE_TITLES[value]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id={`${idPrefix}-${index}-access`}
        select
        className={classes.choice}
        label="Access"
        value={connector.access}
        onChange={event =>
          onChange({
            access: event.target.value as MicroAppConnector['access'],
          })
        }
      >
        {CONNECTOR_ACCESS.map(value => (
          <MenuItem key={value} value={value}>
            {ACCESS_TITLES[value]}
          </MenuItem>
        ))}
      </TextField>
      <IconButton
        size="small"
        aria-label={`Remove ${label}`}
        onClick={onRemove}
      >
        <DeleteIcon fontSize="small" />
      </IconButton>
    </div>
  );
}
