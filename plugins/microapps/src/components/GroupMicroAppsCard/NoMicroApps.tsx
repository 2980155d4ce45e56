import { LinkButton } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  muted: {
    color: theme.palette.text.secondary,
  },
  empty: {
    '& > * + *': {
      marginTop: theme.spacing(2),
    },
  },
}));

/** A team without micro-apps: how to create one. */
export function NoMicroApps(props: { teamName: string }) {
  const classes = useStyles();
  return (
    <div className={classes.empty}>
      <Typography variant="body1">
        {props.teamName} owns no micro-apps yet.
      </Typography>
      <Typography variant="body2" className={classes.muted}>
        Create one from a micro-app software template: the template registers
        its MicroApp manifest in the catalog with this team as owner, and it
        starts in the sandbox stage. A manifest with <code>spec.owner</code> set
        to this team, registered in the catalog, shows up here as well.
      </Typography>
      <LinkButton to="/create" variant="outlined" color="primary">
        Create a micro-app
      </LinkButton>
    </div>
  );
}
