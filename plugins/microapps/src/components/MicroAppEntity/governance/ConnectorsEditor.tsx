import Button from '@material-ui/core/Button';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  type MicroAppConnector,
} from '@trellis/plugin-microapps-common';
import { useId } from 'react';

const useStyles = makeStyles(theme => ({
  legend: {
    marginBottom: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
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

/** Edits the connectors of a what-if spec: name, exposure and access per row. */
export function ConnectorsEditor(props: {
  connectors: MicroAppConnector[];
  onChange(connectors: MicroAppConnector[]): void;
}) {
  const { connectors, onChange } = props;
  const classes = useStyles();
  const legendId = useId();
  const update = (index: number, patch: Partial<MicroAppConnector>) =>
    onChange(connectors.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <div role="group" aria-labelledby={legendId}>
      <FormLabel id={legendId} component="div" className={classes.legend}>
        Connectors
      </FormLabel>
      {connectors.length === 0 && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          No connectors: the app reaches no other system.
        </Typography>
      )}
      {connectors.map((connector, index) => {
        const label = connector.name || `connector ${index + 1}`;
        return (
          <div className={classes.row} key={index}>
            <TextField
              id={`${legendId}-${index}-name`}
              className={classes.name}
              label="Connector name"
              value={connector.name}
              onChange={event => update(index, { name: event.target.value })}
              helperText={
                connector.name.trim()
                  ? undefined
                  : 'Unnamed connectors are not scored'
              }
            />
            <TextField
              id={`${legendId}-${index}-exposure`}
              select
              className={classes.choice}
              label="Exposure"
              value={connector.exposure}
              onChange={event =>
                update(index, {
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
              id={`${legendId}-${index}-access`}
              select
              className={classes.choice}
              label="Access"
              value={connector.access}
              onChange={event =>
                update(index, {
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
              onClick={() => onChange(connectors.filter((_, i) => i !== index))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </div>
        );
      })}
      <Button
        size="small"
        color="primary"
        startIcon={<AddIcon />}
        onClick={() =>
          onChange([
            ...connectors,
            { name: '', exposure: 'internal', access: 'read' },
          ])
        }
      >
        Add connector
      </Button>
    </div>
  );
}
