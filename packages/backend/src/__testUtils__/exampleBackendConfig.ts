import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';

const packageDir = path.resolve(__dirname, '../..');
/** The repository's root directory. */
export const repoRoot = path.resolve(packageDir, '../..');
const readYaml = (file: string) =>
  parseYaml(fs.readFileSync(path.join(repoRoot, file), 'utf8'));

/**
 * app-config.yaml as a test backend takes it: the example microapps config
 * read in place of its include, catalog files resolved from the backend
 * package (where `npm start` runs), and both example seeders off (the
 * generated history takes minutes; tests make their own decisions).
 */
export function exampleBackendConfig() {
  const config = readYaml('app-config.yaml');
  config.microapps = readYaml('examples/microapps-config.yaml');
  // Pack files, like catalog files, are relative to the backend's directory;
  // tests run from the repository root too.
  config.microapps.policies.locations = config.microapps.policies.locations.map(
    (location: { type: string; target: string }) =>
      location.type === 'file'
        ? { ...location, target: path.resolve(packageDir, location.target) }
        : location,
  );
  config.catalog.locations = config.catalog.locations.map(
    (location: { target: string }) => ({
      ...location,
      target: path.resolve(packageDir, location.target),
    }),
  );
  config.trellis.exampleTraffic.seedOnStart = false;
  config.trellis.exampleGovernance.seedOnStart = false;
  return config;
}
