import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { IncidentEvent, IncidentEventKind } from '../../api';
import { TraceIdLink } from '../MicroAppEntity/policy/TraceIdLink';
import { formatDateTime } from '../MicroAppEntity/shared/formatTimes';
import { FiringValues } from './FiringValues';

const KIND_TITLES: Record<IncidentEventKind, string> = {
  firing: 'Policy fired',
  note: 'Note',
  state: 'State changed',
  'kill-switch': 'Kill switch',
};

const useStyles = makeStyles(theme => ({
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'baseline',
  },
  kind: { fontWeight: theme.typography.fontWeightBold as number },
  muted: { color: theme.palette.text.secondary },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'break-word' },
  policyId: { fontFamily: 'monospace' },
  section: { marginTop: theme.spacing(0.75) },
  inlineList: {
    margin: 0,
    paddingLeft: theme.spacing(2.5),
  },
}));

/** Users and groups link to their catalog page; a policy or the system is named as given. */
function Actor(props: { actor: string }) {
  return /^(user|group):/i.test(props.actor) ? (
    <EntityRefLink entityRef={props.actor} defaultKind="user" />
  ) : (
    <>{props.actor}</>
  );
}

/** The details of a firing: its policy, the values, the traces and what it did. */
function FiringDetails(props: { event: IncidentEvent }) {
  const { event } = props;
  const classes = useStyles();
  return (
    <>
      {event.policyId && (
        <Typography variant="body2" className={classes.section}>
          Policy <span className={classes.policyId}>{event.policyId}</span>
        </Typography>
      )}
      {event.values && Object.keys(event.values).length > 0 && (
        <div className={classes.section}>
          <Typography variant="body2">Values it fired on</Typography>
          <FiringValues
            values={event.values}
            label={`Values policy ${event.policyId ?? ''} fired on`.trim()}
          />
        </div>
      )}
      {event.traceIds && event.traceIds.length > 0 && (
        <div className={classes.section}>
          <Typography variant="body2">Traces</Typography>
          <ul className={classes.inlineList} aria-label="Traces">
            {event.traceIds.map(traceId => (
              <li key={traceId}>
                <TraceIdLink traceId={traceId} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {event.actions && event.actions.length > 0 && (
        <div className={classes.section}>
          <Typography variant="body2">Actions taken</Typography>
          <ul className={classes.inlineList} aria-label="Actions taken">
            {event.actions.map(action => (
              <li key={action}>
                <Typography variant="body2">{action}</Typography>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** One entry of an incident's timeline. */
export function IncidentEventItem(props: { event: IncidentEvent }) {
  const { event } = props;
  const classes = useStyles();
  return (
    <>
      <div className={classes.heading}>
        <Typography variant="body2" className={classes.kind} component="span">
          {KIND_TITLES[event.kind] ?? event.kind}
        </Typography>
        <Typography variant="body2" className={classes.muted} component="span">
          {formatDateTime(event.occurredAt)} · <Actor actor={event.actor} />
        </Typography>
      </div>
      {event.text && (
        <Typography variant="body2" className={classes.text}>
          {event.text}
        </Typography>
      )}
      {event.kind === 'firing' && <FiringDetails event={event} />}
    </>
  );
}
