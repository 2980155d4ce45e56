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

  it('reads per-app approval lifetimes by lower-case app ref', () => {
    expect(read({}).appApprovalTtlDays.size).toBe(0);
    const config = read({
      approvals: {
        perApp: [{ app: 'microapp:default/Pilot-App', ttlDays: 7 }],
      },
    });
    expect([...config.appApprovalTtlDays]).toEqual([
      ['microapp:default/pilot-app', 7],
    ]);
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

describe('readMicroAppsConfig schedules', () => {
  const read = (schedules: object) =>
    readMicroAppsConfig(new ConfigReader({ microapps: { schedules } }))
      .schedules;

  it('sets no schedule unless one is configured', () => {
    expect(read({})).toEqual({});
  });

  it('reads the cron, ISO duration and duration object forms with Backstage’s reader', () => {
    expect(
      read({
        policiesEvaluate: {
          frequency: { cron: '*/5 * * * *' },
          timeout: 'PT2M',
        },
        telemetryRetention: {
          frequency: 'PT6H',
          timeout: { minutes: 30 },
          initialDelay: 'PT1M',
        },
        marketplaceRefresh: {
          frequency: { minutes: 5 },
          timeout: { seconds: 90 },
        },
      }),
    ).toEqual({
      policiesEvaluate: {
        frequency: { cron: '*/5 * * * *' },
        timeout: { minutes: 2 },
        initialDelay: undefined,
      },
      telemetryRetention: {
        frequency: { hours: 6 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 1 },
      },
      marketplaceRefresh: {
        frequency: { minutes: 5 },
        timeout: { seconds: 90 },
        initialDelay: undefined,
      },
    });
  });

  it('keeps the interval keys working beside a schedule for another task', () => {
    const config = readMicroAppsConfig(
      new ConfigReader({
        microapps: {
          policies: { evaluateIntervalSeconds: 15 },
          schedules: {
            policiesRefresh: { frequency: 'PT10M', timeout: 'PT1M' },
          },
        },
      }),
    );
    expect(config.policies.evaluateIntervalSeconds).toBe(15);
    expect(Object.keys(config.schedules)).toEqual(['policiesRefresh']);
  });

  it('names the allowed tasks for an unknown one', () => {
    expect(() =>
      read({ retention: { frequency: 'PT1H', timeout: 'PT5M' } }),
    ).toThrow(
      'microapps.schedules.retention is not known; allowed: marketplaceRefresh, governanceNotices, governanceNoticeRetries, telemetryRetention, policiesRefresh, policiesEvaluate',
    );
  });

  it('refuses a scope, as each task’s scope is fixed by what it does', () => {
    expect(() =>
      read({
        marketplaceRefresh: {
          frequency: 'PT1M',
          timeout: 'PT1M',
          scope: 'global',
        },
      }),
    ).toThrow(
      /^microapps\.schedules\.marketplaceRefresh\.scope cannot be set: whether a task runs on one replica at a time \(global\) or on each \(local\) is fixed/,
    );
  });

  it('names the schedule at fault for a malformed or missing value', () => {
    expect(() =>
      read({ governanceNotices: { frequency: 'every hour', timeout: 'PT5M' } }),
    ).toThrow(
      /^microapps\.schedules\.governanceNotices must be a schedule with frequency \(\{ cron \}, an ISO duration such as PT5M or \{ minutes: 5 \}\) and timeout: Invalid duration 'every hour'/,
    );
    expect(() =>
      read({ governanceNoticeRetries: { frequency: { minutes: 1 } } }),
    ).toThrow(
      /^microapps\.schedules\.governanceNoticeRetries must be a schedule .*timeout/,
    );
    expect(() =>
      read({ policiesRefresh: { frequency: { mins: 1 }, timeout: 'PT1M' } }),
    ).toThrow(
      /^microapps\.schedules\.policiesRefresh must be a schedule .*at 'frequency', Error: Needs one or more of 'years'/,
    );
  });

  it('refuses a cron of the wrong length and a zero frequency or timeout', () => {
    expect(() =>
      read({
        policiesEvaluate: { frequency: { cron: '*/5 *' }, timeout: 'PT1M' },
      }),
    ).toThrow(
      'microapps.schedules.policiesEvaluate.frequency.cron must have 5 fields (minute hour day month weekday) or 6 (seconds first), got "*/5 *"',
    );
    expect(() =>
      read({
        policiesEvaluate: { frequency: { minutes: 0 }, timeout: 'PT1M' },
      }),
    ).toThrow(
      'microapps.schedules.policiesEvaluate.frequency must be longer than zero',
    );
    expect(() =>
      read({ policiesEvaluate: { frequency: 'PT1M', timeout: 'PT0S' } }),
    ).toThrow(
      'microapps.schedules.policiesEvaluate.timeout must be longer than zero',
    );
  });
});
