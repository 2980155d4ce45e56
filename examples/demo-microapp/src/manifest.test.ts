import fs from 'fs';
import path from 'path';
import { DEMO_APPS } from './manifest';

const CATALOG_DIR = path.resolve(__dirname, '../../microapps');

/** The YAML document of an example MicroApp, as the portal registers it. */
function manifestOf(name: string): string | undefined {
  return fs
    .readdirSync(CATALOG_DIR)
    .flatMap(file =>
      fs.readFileSync(path.join(CATALOG_DIR, file), 'utf8').split(/^---$/m),
    )
    .find(
      doc =>
        /^kind: MicroApp$/m.test(doc) &&
        new RegExp(`^  name: ${name}$`, 'm').test(doc),
    );
}

describe('the apps the demo plays', () => {
  it.each(Object.values(DEMO_APPS))(
    '$name matches its manifest in the example catalog',
    identity => {
      const manifest = manifestOf(identity.name);
      expect(manifest).toBeDefined();
      expect(manifest).toMatch(
        new RegExp(
          `^  version: ${identity.version.replace(/\./g, '\\.')}$`,
          'm',
        ),
      );
      expect(manifest).toMatch(
        new RegExp(
          `^  models:.*\\b${identity.model.replace(/\./g, '\\.')}\\b`,
          'm',
        ),
      );
      const template = /^ {2}template: (\S+)$/m.exec(manifest!)?.[1];
      expect(template).toBe(identity.templateRef);
    },
  );

  it('plays an app on confidential data, so that the example policies have PII to act on', () => {
    expect(manifestOf('customer-reply-assistant')).toMatch(
      /classifications: \[[^\]]*confidential/,
    );
  });
});
