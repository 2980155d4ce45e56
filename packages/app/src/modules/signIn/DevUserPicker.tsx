import { ErrorPanel, Progress, SignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import { SignInFrame } from './SignInFrame';
import { UserCard } from './UserCard';
import { filterDevUsers, useDevUsers, type DevUser } from './useDevUsers';

const useStyles = makeStyles(theme => ({
  intro: {
    marginBottom: theme.spacing(2),
    maxWidth: 720,
  },
  filter: {
    marginBottom: theme.spacing(3),
    width: 320,
    maxWidth: '100%',
  },
  grid: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  actions: {
    marginTop: theme.spacing(2),
  },
}));

/** Where the backend has development sign-in switched off: guest sign-in. */
function DevSignInOff(props: SignInPageProps) {
  return (
    <SignInPage
      onSignInSuccess={props.onSignInSuccess}
      providers={['guest']}
      align="center"
      titleComponent={
        <div>
          <Typography variant="h4" component="h2" gutterBottom>
            Development sign-in is off in this environment
          </Typography>
          <Typography variant="body1">
            Picking an example user only works in a development backend. Enter
            as a guest instead.
          </Typography>
        </div>
      }
    />
  );
}

function UsersLoadError(props: { error: Error; onRetry(): void }) {
  const classes = useStyles();
  return (
    <SignInFrame>
      <ErrorPanel
        title="Could not load the example users"
        error={props.error}
      />
      <Button
        className={classes.actions}
        variant="outlined"
        color="primary"
        onClick={props.onRetry}
      >
        Try again
      </Button>
    </SignInFrame>
  );
}

function NoUsersYet(props: { onRetry(): void }) {
  return (
    <>
      <Typography variant="body1" paragraph>
        The catalog has no users yet. Right after the backend starts it may
        still be reading the example organisation.
      </Typography>
      <Button variant="outlined" color="primary" onClick={props.onRetry}>
        Try again
      </Button>
    </>
  );
}

interface UserGridProps {
  users: DevUser[];
  filter: string;
  onFilterChange(filter: string): void;
  onPick(user: DevUser): void;
}

/** A search box and a card for each user that matches it. */
function UserGrid(props: UserGridProps) {
  const { users, filter, onFilterChange, onPick } = props;
  const classes = useStyles();
  const shown = useMemo(() => filterDevUsers(users, filter), [users, filter]);
  return (
    <>
      <TextField
        id="dev-sign-in-filter"
        className={classes.filter}
        label="Find a user"
        placeholder="Name or group"
        type="search"
        value={filter}
        onChange={event => onFilterChange(event.target.value)}
      />
      <Grid container spacing={2} component="ul" className={classes.grid}>
        {shown.map(user => (
          <Grid
            key={user.name}
            item
            xs={12}
            sm={6}
            md={4}
            lg={3}
            component="li"
          >
            <UserCard user={user} onPick={onPick} />
          </Grid>
        ))}
      </Grid>
      {shown.length === 0 && (
        <Typography variant="body1">No user matches “{filter}”.</Typography>
      )}
    </>
  );
}

/** Lists the example users to sign in as, or says why it cannot. */
export function DevUserPicker(
  props: SignInPageProps & { onPick(user: DevUser): void },
) {
  const { onSignInSuccess, onPick } = props;
  const classes = useStyles();
  const [state, retry] = useDevUsers();
  const [filter, setFilter] = useState('');

  if (state.status === 'loading') {
    return <Progress />;
  }
  if (state.status === 'off') {
    return <DevSignInOff onSignInSuccess={onSignInSuccess} />;
  }
  if (state.status === 'error') {
    return <UsersLoadError error={state.error} onRetry={retry} />;
  }
  return (
    <SignInFrame>
      <Typography variant="h4" component="h2" gutterBottom>
        Sign in as an example user
      </Typography>
      <Typography variant="body1" className={classes.intro}>
        This portal runs with development sign-in: pick anyone from the example
        organisation to see the portal as they do: as an app owner, a steward or
        a viewer. Your choice is remembered until you sign out.
      </Typography>
      {state.users.length === 0 ? (
        <NoUsersYet onRetry={retry} />
      ) : (
        <UserGrid
          users={state.users}
          filter={filter}
          onFilterChange={setFilter}
          onPick={onPick}
        />
      )}
    </SignInFrame>
  );
}
