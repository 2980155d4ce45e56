import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { microAppsApiRef, type IncidentDetail } from '../../api';
import { SeverityChip } from '../MicroAppEntity/policy/SeverityChip';
import { formatDateTime } from '../MicroAppEntity/shared/formatTimes';
import { IncidentActions } from './IncidentActions';
import { IncidentStateChip } from './IncidentStateChip';
import { IncidentTimeline } from './IncidentTimeline';

const useStyles = makeStyles(theme => ({
  panel: {
    marginTop: theme.spacing(3),
    paddingTop: theme.spacing(2),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: { flexGrow: 1 },
  muted: { color: theme.palette.text.secondary },
  retrospective: {
    whiteSpace: 'pre-wrap',
    margin: theme.spacing(1, 0, 2),
    paddingLeft: theme.spacing(2),
    borderLeft: `4px solid ${theme.palette.divider}`,
  },
}));

/** Who did it and when, for the mitigated and closed lines. */
function ByLine(props: { verb: string; at?: string; by?: string }) {
  if (!props.at) return null;
  return (
    <>
      {` · ${props.verb} ${formatDateTime(props.at)}`}
      {props.by && (
        <>
          {' by '}
          <EntityRefLink entityRef={props.by} defaultKind="user" />
        </>
      )}
    </>
  );
}

function IncidentSummary(props: { incident: IncidentDetail }) {
  const { incident } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.muted}>
        Opened {formatDateTime(incident.openedAt)}
        <ByLine
          verb="mitigated"
          at={incident.mitigatedAt}
          by={incident.mitigatedBy}
        />
        <ByLine verb="closed" at={incident.closedAt} by={incident.closedBy} />
      </Typography>
      {incident.retrospective && (
        <>
          <Typography variant="subtitle2" component="h4">
            Retrospective
          </Typography>
          <Typography variant="body2" className={classes.retrospective}>
            {incident.retrospective}
          </Typography>
        </>
      )}
    </>
  );
}

/**
 * One incident: its state, severity and dates, what the viewer may do with
 * it, and its timeline of firings, notes, state changes and kill-switch
 * events.
 */
export function IncidentDetailPanel(props: {
  id: number;
  onClose(): void;
  /** Called after the incident changed, so that lists can refresh. */
  onChanged?(): void;
}) {
  const { id, onClose, onChanged } = props;
  const classes = useStyles();
  const api = useApi(microAppsApiRef);
  const incident = useAsyncRetry(() => api.getIncident(id), [api, id]);
  const changed = () => {
    incident.retry();
    onChanged?.();
  };

  return (
    <section
      className={classes.panel}
      aria-label={
        incident.value ? `Incident ${incident.value.title}` : `Incident ${id}`
      }
    >
      <div className={classes.heading}>
        <Typography variant="h6" component="h3" className={classes.title}>
          {incident.value?.title ?? `Incident ${id}`}
        </Typography>
        {incident.value && (
          <>
            <IncidentStateChip state={incident.value.state} />
            <SeverityChip severity={incident.value.severity} />
          </>
        )}
        <Button size="small" onClick={onClose}>
          Back to the list
        </Button>
      </div>
      {incident.loading && !incident.value && <Progress />}
      {incident.error && <ResponseErrorPanel error={incident.error} />}
      {incident.value && (
        <>
          <IncidentSummary incident={incident.value} />
          <IncidentActions incident={incident.value} onChanged={changed} />
          <IncidentTimeline events={incident.value.events} />
        </>
      )}
    </section>
  );
}
