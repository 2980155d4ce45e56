import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { microAppsApiRef, type IncidentDetail } from '../../api';
import { ReasonDialog } from '../MicroAppEntity/shared/ReasonDialog';
import { RetrospectiveDialog } from './RetrospectiveDialog';
import { useIncidentPermissions } from './useIncidentPermissions';

type Dialog = 'note' | 'mitigate' | 'reopen' | 'close';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0, 2),
  },
}));

/** The dialog of each action; each needs a written note. */
function IncidentActionDialogs(props: {
  incident: IncidentDetail;
  dialog?: Dialog;
  onDone(): void;
  onClose(): void;
}) {
  const { incident, dialog, onDone, onClose: close } = props;
  const api = useApi(microAppsApiRef);
  const addNote = async (text: string) => {
    await api.addIncidentNote(incident.id, text);
    onDone();
  };
  const setState =
    (state: 'open' | 'mitigated' | 'closed') => async (note: string) => {
      await api.setIncidentState(incident.id, state, note);
      onDone();
    };
  return (
    <>
      <ReasonDialog
        open={dialog === 'note'}
        title="Add a note to the incident"
        fieldLabel="Note"
        fieldHelp="What you found or did; it goes on the incident's timeline."
        requiredMessage="Write the note first."
        confirmLabel="Add note"
        onSubmit={addNote}
        onClose={close}
      />
      <ReasonDialog
        open={dialog === 'mitigate'}
        title="Mark the incident mitigated?"
        fieldLabel="Note"
        fieldHelp="How the harm was stopped; the incident stays until a steward closes it."
        requiredMessage="Say how the incident was mitigated."
        confirmLabel="Mark mitigated"
        onSubmit={setState('mitigated')}
        onClose={close}
      />
      <ReasonDialog
        open={dialog === 'reopen'}
        title="Reopen the incident?"
        fieldLabel="Note"
        fieldHelp="Why the mitigation did not hold."
        requiredMessage="Say why the incident is reopened."
        confirmLabel="Reopen"
        onSubmit={setState('open')}
        onClose={close}
      />
      <RetrospectiveDialog
        open={dialog === 'close'}
        incidentTitle={incident.title}
        onSubmit={setState('closed')}
        onClose={close}
      />
    </>
  );
}

/**
 * What the viewer may do with the incident: add a note, mark it mitigated,
 * reopen a mitigated one, and, for stewards, close it with a retrospective.
 * Nothing is offered once it is closed, or to viewers who may not manage it.
 */
export function IncidentActions(props: {
  incident: IncidentDetail;
  onChanged(): void;
}) {
  const { incident, onChanged } = props;
  const classes = useStyles();
  const { loading, canManage, canClose } = useIncidentPermissions(
    incident.entityRef,
  );
  const [dialog, setDialog] = useState<Dialog>();

  if (loading || !canManage || incident.state === 'closed') return null;

  const done = () => {
    setDialog(undefined);
    onChanged();
  };

  return (
    <>
      <div
        className={classes.actions}
        role="group"
        aria-label="Incident actions"
      >
        <Button variant="outlined" onClick={() => setDialog('note')}>
          Add note
        </Button>
        {incident.state === 'open' && (
          <Button variant="outlined" onClick={() => setDialog('mitigate')}>
            Mark mitigated
          </Button>
        )}
        {incident.state === 'mitigated' && (
          <Button variant="outlined" onClick={() => setDialog('reopen')}>
            Reopen
          </Button>
        )}
        {canClose && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => setDialog('close')}
          >
            Close with retrospective
          </Button>
        )}
      </div>
      <IncidentActionDialogs
        incident={incident}
        dialog={dialog}
        onDone={done}
        onClose={() => setDialog(undefined)}
      />
    </>
  );
}
