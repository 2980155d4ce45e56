import { makeStyles } from '@material-ui/core/styles';
import type { IncidentEvent } from '../../api';
import { IncidentEventItem } from './IncidentEventItem';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(2),
    paddingBottom: theme.spacing(2),
  },
  firing: { borderLeftColor: theme.palette.error.main },
}));

/** An incident's events, oldest first. */
export function IncidentTimeline(props: { events: IncidentEvent[] }) {
  const classes = useStyles();
  return (
    <ol className={classes.list} aria-label="Timeline">
      {props.events.map(event => (
        <li
          key={event.id}
          className={`${classes.item} ${
            event.kind === 'firing' ? classes.firing : ''
          }`}
        >
          <IncidentEventItem event={event} />
        </li>
      ))}
    </ol>
  );
}
