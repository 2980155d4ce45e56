import { Content, Header, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { ReactNode } from 'react';

/** The page around the development sign-in: the app's title as header. */
export function SignInFrame(props: { children: ReactNode }) {
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
