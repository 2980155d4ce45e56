import { ErrorPanel, ProxiedSignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback, useMemo, useState } from 'react';
import { DevUserPicker } from './DevUserPicker';
import {
  DevUserIdentity,
  forgetDevUser,
  readDevUser,
  rememberDevUser,
} from './devUserSession';
import { SignInFrame } from './SignInFrame';

export type { DevUser } from './useDevUsers';

/** The auth provider of the development sign-in (see packages/backend/src/devSignIn). */
export const DEV_USERS_PROVIDER = 'dev-users';
/** The request header that names the user to sign in as. */
export const DEV_USER_HEADER = 'x-dev-user';

const useStyles = makeStyles(theme => ({
  actions: {
    marginTop: theme.spacing(2),
  },
}));

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
