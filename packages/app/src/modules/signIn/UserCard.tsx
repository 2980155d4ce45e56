import Avatar from '@material-ui/core/Avatar';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { DevUser } from './useDevUsers';

const useStyles = makeStyles(theme => ({
  card: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
  },
  content: {
    flexGrow: 1,
    display: 'flex',
    gap: theme.spacing(2),
  },
  groups: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(1),
  },
}));

function initials(displayName: string): string {
  return displayName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map(part => part.charAt(0).toLocaleUpperCase('en-US'))
    .join('');
}

/** One example user, their groups and a button to sign in as them. */
export function UserCard(props: {
  user: DevUser;
  onPick(user: DevUser): void;
}) {
  const { user, onPick } = props;
  const classes = useStyles();
  return (
    <Card className={classes.card} variant="outlined">
      <CardContent className={classes.content}>
        <Avatar aria-hidden>{initials(user.displayName)}</Avatar>
        <div>
          <Typography variant="h6" component="h3">
            {user.displayName}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {user.name}
          </Typography>
          {user.groups.length > 0 && (
            <div className={classes.groups} aria-label="Groups">
              {user.groups.map(group => (
                <Chip key={group} size="small" label={group} />
              ))}
            </div>
          )}
        </div>
      </CardContent>
      <CardActions>
        <Button
          color="primary"
          variant="contained"
          aria-label={`Sign in as ${user.displayName}`}
          onClick={() => onPick(user)}
        >
          Sign in
        </Button>
      </CardActions>
    </Card>
  );
}
