import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { landingModule } from './modules/landing';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Plugins the app depends on, @trellis/plugin-microapps among them, are
// discovered through `app.packages: all` in app-config.yaml.
export default createApp({
  features: [catalogPlugin, navModule, signInModule, landingModule],
});
