import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import type {
  MicroAppDetail,
  MicroAppEntity,
} from '@trellis/plugin-microapps-common';
import { useId } from 'react';
import { readableTextColor } from '../../contrast';
import { openAppBlocker } from './openAppBlocker';
import { usageSentence } from './usageSentence';
import { isWebAddress } from './webAddress';

const useStyles = makeStyles(theme => ({
  section: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(2),
  },
  muted: {
    color: theme.palette.text.secondary,
  },
  blocker: {
    color: readableTextColor(theme, theme.palette.error.main),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

function OpenAppButton(props: { url: string; detail: MicroAppDetail }) {
  const classes = useStyles();
  const blockerId = useId();
  const blocker = openAppBlocker(props.detail.status, props.detail.killSwitch);
  if (blocker) {
    return (
      <>
        <Button variant="contained" disabled aria-describedby={blockerId}>
          Open app
        </Button>
        <Typography variant="body2" id={blockerId} className={classes.blocker}>
          {blocker}
        </Typography>
      </>
    );
  }
  // A link, not a button with a link inside: screen readers announce where it goes.
  return (
    <Button
      component="a"
      href={props.url}
      target="_blank"
      rel="noopener noreferrer"
      variant="contained"
      color="primary"
      endIcon={<OpenInNewIcon />}
    >
      Open app
    </Button>
  );
}

/**
 * "Open app" (a new window at `spec.url`), or why it must not be used now,
 * or that the owner has published no address; then, as social proof, how
 * many people used it in the last 30 days.
 */
export function OpenAppSection(props: {
  entity: MicroAppEntity;
  detail: MicroAppDetail;
}) {
  const { entity, detail } = props;
  const classes = useStyles();
  const url = entity.spec.url;
  return (
    <div className={classes.section}>
      {url && isWebAddress(url) ? (
        <OpenAppButton url={url} detail={detail} />
      ) : (
        <Typography variant="body2" className={classes.muted}>
          No address given: the owner has not published where to open it.
        </Typography>
      )}
      {detail.usage30d && (
        <Typography variant="body2">
          {`${usageSentence(detail.usage30d)}.`}
        </Typography>
      )}
    </div>
  );
}
