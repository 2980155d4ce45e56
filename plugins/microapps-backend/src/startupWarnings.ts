import type {
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';

const INSTALL_GUIDE = "the README's section 'Install into an existing portal'";

/**
 * Without `microapps.models` every model an app declares is unvetted, and
 * scores rise without anyone being told why.
 */
export function warnWithoutModelCatalog(
  config: RootConfigService,
  logger: LoggerService,
): void {
  if (config.has('microapps.models')) return;
  logger.warn(
    'microapps.models is not set: every model a MicroApp declares counts as unvetted and raises its risk score. ' +
      `List the models your portal allows (id, provider, status, hosting, pricing); see ${INSTALL_GUIDE}.`,
  );
}

const STEWARD_POLICY_STEP =
  "install the steward policy, backend.add(import('@trellis/plugin-permission-backend-module-microapps')), " +
  'in place of the allow-all policy module, or ask microAppStewardDecision from your own policy';

/**
 * Warns when nothing stops anyone from granting badges, opening the
 * production gate and engaging kill switches: permissions are off, or the
 * portal's policy is the allow-all module a stock Backstage app installs.
 * (A policy of the portal's own is not judged.)
 */
export async function warnAboutOpenPermissions(deps: {
  rootConfig: RootConfigService;
  rootInstanceMetadata: Pick<
    RootInstanceMetadataService,
    'getInstalledPlugins'
  >;
  logger: LoggerService;
}): Promise<void> {
  const { rootConfig, rootInstanceMetadata, logger } = deps;
  if (rootConfig.getOptionalBoolean('permission.enabled') !== true) {
    logger.warn(
      'permission.enabled is not true, so Backstage allows every permission: anyone may grant MicroApp badges, ' +
        `open the production gate and engage kill switches. Set permission.enabled: true and ${STEWARD_POLICY_STEP}; ` +
        `see ${INSTALL_GUIDE}.`,
    );
    return;
  }
  const plugins = await rootInstanceMetadata.getInstalledPlugins();
  const permission = plugins.find(plugin => plugin.pluginId === 'permission');
  if (permission?.modules.some(m => m.moduleId === 'allow-all-policy')) {
    logger.warn(
      'The permission policy is the allow-all module: anyone may grant MicroApp badges, open the production gate ' +
        `and engage kill switches. ${STEWARD_POLICY_STEP[0].toUpperCase()}${STEWARD_POLICY_STEP.slice(
          1,
        )}; ` +
        `see ${INSTALL_GUIDE}.`,
    );
  }
}
