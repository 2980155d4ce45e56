import Button from '@material-ui/core/Button';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import type { MicroAppConnector } from '@trellis/plugin-microapps-common';
import { useId } from 'react';
import { ConnectorRow } from './ConnectorRow';

const useStyles = makeStyles(theme => ({
  legend: {
    marginBottom: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

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
      {connectors.map((connector, index) => (
        <ConnectorRow
          key={index}
          connector={connector}
          index={index}
          idPrefix={legendId}
          onChange={patch => update(index, patch)}
          onRemove={() => onChange(connectors.filter((_, i) => i !== index))}
        />
      ))}
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
