import { mockServices } from '@backstage/backend-test-utils';
import {
  warnAboutOpenPermissions,
  warnWithoutModelCatalog,
} from './startupWarnings';

/** The installed plugins and modules a backend reports. */
const installed = (...plugins: Array<[string, string[]]>) => ({
  getInstalledPlugins: async () =>
    plugins.map(([pluginId, modules]) => ({
      pluginId,
      modules: modules.map(moduleId => ({ moduleId })),
    })),
});

const permissionsOn = mockServices.rootConfig({
  data: { permission: { enabled: true } },
});

describe('startup warnings', () => {
  it('tells an adopter without microapps.models what to add', () => {
    const logger = mockServices.logger.mock();
    warnWithoutModelCatalog(mockServices.rootConfig({ data: {} }), logger);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^microapps\.models is not set: every model a MicroApp declares counts as unvetted.*List the models your portal allows/,
      ),
    );

    const configured = mockServices.logger.mock();
    warnWithoutModelCatalog(
      mockServices.rootConfig({ data: { microapps: { models: [] } } }),
      configured,
    );
    expect(configured.warn).not.toHaveBeenCalled();
  });

  it('warns when permissions are off, and says what to set and install', async () => {
    const logger = mockServices.logger.mock();
    await warnAboutOpenPermissions({
      rootConfig: mockServices.rootConfig({ data: {} }),
      rootInstanceMetadata: installed(['microapps', []]),
      logger,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^permission\.enabled is not true.*Set permission\.enabled: true and install the steward policy, backend\.add\(import\('@trellis\/plugin-permission-backend-module-microapps'\)\)/,
      ),
    );
  });

  it("warns when the policy is a stock portal's allow-all module", async () => {
    const logger = mockServices.logger.mock();
    await warnAboutOpenPermissions({
      rootConfig: permissionsOn,
      rootInstanceMetadata: installed(
        ['permission', ['allow-all-policy']],
        ['microapps', []],
      ),
      logger,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The permission policy is the allow-all module: anyone may grant MicroApp badges.*Install the steward policy/,
      ),
    );
  });

  it('stays quiet with the steward policy module or a policy of its own', async () => {
    const logger = mockServices.logger.mock();
    for (const modules of [['microapps-policy'], ['acme-policy'], []]) {
      await warnAboutOpenPermissions({
        rootConfig: permissionsOn,
        rootInstanceMetadata: installed(['permission', modules]),
        logger,
      });
    }
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
