import {
  Content,
  ErrorPanel,
  Header,
  Page,
  Progress,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Avatar from '@material-ui/core/Avatar';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  DevUserIdentity,
  forgetDevUser,
  readDevUser,
  rememberDevUser,
} from './devUserSession';

/** The auth provider of the development sign-in (see packages/backend/src/devSignIn). */
export const DEV_USERS_PROVIDER = 'dev-users';
/** The request header that names the user to sign in as. */
export const DEV_USER_HEADER = 'x-dev-user';

/** An example user as `GET /api/devsignin/users` lists them. */
export interface DevUser {
  name: string;
  displayName: string;
  groups: string[];
}

type UsersState =
  | { status: 'loading' }
  | { status: 'ready'; users: DevUser[] }
  /** The endpoint does not exist: development sign-in is switched off. */
  | { status: 'off' }
  | { status: 'error'; error: Error };

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
  actions: {
    marginTop: theme.spacing(2),
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

function useDevUsers(): [UsersState, () => void] {
  const configApi = useApi(configApiRef);
  const backendBaseUrl = configApi.getString('backend.baseUrl');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<UsersState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    (async (): Promise<UsersState> => {
      // Nobody is signed in yet, so this goes out without a Backstage token.
      const response = await fetch(`${backendBaseUrl}/api/devsignin/users`);
      if (response.status === 404) return { status: 'off' };
      if (!response.ok) {
        throw new Error(
          `Could not list the example users: ${response.status} ${response.statusText}`,
        );
      }
      const body = (await response.json()) as { items: DevUser[] };
      return { status: 'ready', users: body.items };
    })().then(
      next => !cancelled && setState(next),
      error => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [backendBaseUrl, attempt]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);
  return [state, retry];
}

function SignInFrame(props: { children: React.ReactNode }) {
  const configApi = useApi(configApiRef);
  return (
    <Page themeId="home">
      <Header
        title={configApi.getOptionalString('app.title') ?? 'Backstage'}
        subtitle="Development sign-in"
      />
      <Content>{props.children}</Content>
    </Page>
  );
}

function UserCard(props: { user: DevUser; onPick(user: DevUser): void }) {
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

function DevUserPicker(
  props: SignInPageProps & { onPick(user: DevUser): void },
) {
  const { onSignInSuccess, onPick } = props;
  const classes = useStyles();
  const [state, retry] = useDevUsers();
  const [filter, setFilter] = useState('');

  const users = useMemo(
    () => (state.status === 'ready' ? state.users : []),
    [state],
  );
  const shown = useMemo(() => {
    const words = filter
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean);
    return users.filter(user => {
      const text = [user.displayName, user.name, ...user.groups]
        .join(' ')
        .toLocaleLowerCase('en-US');
      return words.every(word => text.includes(word));
    });
  }, [users, filter]);

  if (state.status === 'loading') {
    return <Progress />;
  }

  if (state.status === 'off') {
    return (
      <SignInPage
        onSignInSuccess={onSignInSuccess}
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

  if (state.status === 'error') {
    return (
      <SignInFrame>
        <ErrorPanel
          title="Could not load the example users"
          error={state.error}
        />
        <Button
          className={classes.actions}
          variant="outlined"
          color="primary"
          onClick={retry}
        >
          Try again
        </Button>
      </SignInFrame>
    );
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
      {users.length === 0 ? (
        <>
          <Typography variant="body1" paragraph>
            The catalog has no users yet. Right after the backend starts it may
            still be reading the example organisation.
          </Typography>
          <Button variant="outlined" color="primary" onClick={retry}>
            Try again
          </Button>
        </>
      ) : (
        <>
          <TextField
            id="dev-sign-in-filter"
            className={classes.filter}
            label="Find a user"
            placeholder="Name or group"
            type="search"
            value={filter}
            onChange={event => setFilter(event.target.value)}
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
      )}
    </SignInFrame>
  );
}

function PickAnotherUserButton(props: { onClick(): void }) {
  const classes = useStyles();
  return (
    <Button
      className={classes.actions}
      variant="contained"
      color="primary"
      onClick={props.onClick}
    >
      Pick another user
    </Button>
  );
}

function DevUserSignIn(
  props: SignInPageProps & { userName: string; onPickAnother(): void },
) {
  const { userName, onSignInSuccess, onPickAnother } = props;
  const headers = useMemo(() => ({ [DEV_USER_HEADER]: userName }), [userName]);
  const ErrorComponent = useMemo(
    () =>
      ({ error }: { error?: Error }) =>
        (
          <SignInFrame>
            <ErrorPanel
              title={`Could not sign in as ${userName}`}
              error={error ?? new Error('Sign-in failed')}
            />
            <PickAnotherUserButton onClick={onPickAnother} />
          </SignInFrame>
        ),
    [userName, onPickAnother],
  );
  return (
    <ProxiedSignInPage
      provider={DEV_USERS_PROVIDER}
      headers={headers}
      ErrorComponent={ErrorComponent}
      onSignInSuccess={identity => {
        rememberDevUser(userName);
        onSignInSuccess(new DevUserIdentity(identity));
      }}
    />
  );
}

/**
 * Development sign-in: pick an example user from the catalog and sign in as
 * them through the `dev-users` proxied auth provider. The choice is kept in
 * localStorage (`trellis.devUser`) until sign-out. Where the backend has
 * development sign-in switched off, it offers guest sign-in instead.
 */
export function DevSignInPage(props: SignInPageProps) {
  const [userName, setUserName] = useState<string | undefined>(readDevUser);
  const pickAnother = useCallback(() => {
    forgetDevUser();
    setUserName(undefined);
  }, []);

  if (userName) {
    return (
      <DevUserSignIn
        {...props}
        key={userName}
        userName={userName}
        onPickAnother={pickAnother}
      />
    );
  }
  return <DevUserPicker {...props} onPick={user => setUserName(user.name)} />;
}
