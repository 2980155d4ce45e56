import { ConfigReader } from '@backstage/config';
import { readUserHashSalt } from './config';

const withSalt = (salt?: string) =>
  new ConfigReader(
    salt === undefined
      ? {}
      : { microapps: { telemetry: { userHashSalt: salt } } },
  );

describe('readUserHashSalt', () => {
  it('refuses to start a production process without a salt, saying what to set', () => {
    expect(() =>
      readUserHashSalt(withSalt(), { NODE_ENV: 'production' }),
    ).toThrow(
      /microapps.telemetry.userHashSalt must be set outside development/,
    );
    expect(() => readUserHashSalt(withSalt('  '), {})).toThrow(
      /userHashSalt must be set/,
    );
  });

  it('uses the configured salt', () => {
    expect(
      readUserHashSalt(withSalt('s3cret'), { NODE_ENV: 'production' }),
    ).toBe('s3cret');
  });

  it('lets development and tests run without one', () => {
    expect(
      readUserHashSalt(withSalt(), { NODE_ENV: 'development' }),
    ).toBeTruthy();
    expect(readUserHashSalt(withSalt(), { NODE_ENV: 'test' })).toBeTruthy();
  });
});
