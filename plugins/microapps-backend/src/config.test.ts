import { ConfigReader } from '@backstage/config';
import { readMicroAppsConfig, readUserHashSalt } from './config';

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

describe('readMicroAppsConfig', () => {
  const read = (microapps: object) =>
    readMicroAppsConfig(new ConfigReader({ microapps }));

  it('fills in the documented defaults', () => {
    const config = read({});
    expect(config.approvalTtlDays).toBe(90);
    expect(config.registryRefreshSeconds).toBe(30);
    expect(config.notifications).toEqual({
      expiryWarningDays: 14,
      scanIntervalSeconds: 3600,
    });
    expect(config.telemetry.retentionIntervalMinutes).toBe(60);
    expect(config.telemetry.receiver.bodyLimits.maxBytes).toBe(4 * 1024 * 1024);
  });

  it('takes fractions of an interval, as the scheduler does', () => {
    const config = read({
      telemetry: { retention: { intervalMinutes: 0.05 } },
    });
    expect(config.telemetry.retentionIntervalMinutes).toBe(0.05);
  });

  it('refuses a zero or negative interval, naming the key', () => {
    expect(() => read({ approvals: { ttlDays: 0 } })).toThrow(
      'microapps.approvals.ttlDays must be a number above 0 and at most 3650, got 0',
    );
    expect(() => read({ notifications: { scanIntervalSeconds: -5 } })).toThrow(
      /microapps.notifications.scanIntervalSeconds must be a number above 0/,
    );
  });
});
