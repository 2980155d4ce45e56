import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import {
  DEFAULT_MAX_BODY_BYTES,
  microAppsConfigSchema,
  parseMicroAppsConfig,
} from './microAppsConfig';

describe('parseMicroAppsConfig', () => {
  it('fills in every documented default for an empty or missing section', () => {
    for (const raw of [undefined, {}]) {
      const config = parseMicroAppsConfig(raw);
      expect(config.approvals.ttlDays).toBe(90);
      expect(config.marketplace.refreshIntervalSeconds).toBe(30);
      expect(config.notifications).toEqual({
        expiryWarningDays: 14,
        scanIntervalSeconds: 3600,
      });
      expect(config.api.validateResponses).toBe(false);
      expect(config.stewards).toEqual({});
      expect(config.killSwitch.stewardRoles).toBeUndefined();
      expect(config.telemetry).toMatchObject({
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        maxCompressionRatio: 100,
        bodyTimeoutSeconds: 30,
        maxConcurrentRequests: 8,
        caps: { unregisteredAppsPerDay: 20, unknownModelsPerDay: 50 },
        retention: {
          spanKeyDays: 7,
          hourlyDays: 35,
          dailyDays: 400,
          violationDays: 400,
          intervalMinutes: 60,
        },
      });
    }
  });

  it('reads numbers and booleans written as text, as environment substitution gives them', () => {
    const config = parseMicroAppsConfig({
      approvals: { ttlDays: '30' },
      api: { validateResponses: 'true' },
      telemetry: { caps: { unknownModelsPerDay: '5' } },
    });
    expect(config.approvals.ttlDays).toBe(30);
    expect(config.api.validateResponses).toBe(true);
    expect(config.telemetry.caps.unknownModelsPerDay).toBe(5);
  });

  it('names the key and what is allowed for a value out of range or of the wrong type', () => {
    expect(() => parseMicroAppsConfig({ approvals: { ttlDays: 0 } })).toThrow(
      'microapps.approvals.ttlDays must be a number above 0 and at most 3650, got 0',
    );
    expect(() =>
      parseMicroAppsConfig({ telemetry: { decodeWorkers: 1.5 } }),
    ).toThrow(
      'microapps.telemetry.decodeWorkers must be a whole number from 0 to 32, got 1.5',
    );
    expect(() =>
      parseMicroAppsConfig({ telemetry: { maxBodyBytes: 'lots' } }),
    ).toThrow(
      'microapps.telemetry.maxBodyBytes must be a whole number from 1 to 268435456',
    );
    expect(() =>
      parseMicroAppsConfig({ telemetry: { retention: { dailyDays: 0 } } }),
    ).toThrow(
      'microapps.telemetry.retention.dailyDays must be a number of days of at least 1',
    );
    expect(() =>
      parseMicroAppsConfig({ killSwitch: { stewardRoles: ['janitor'] } }),
    ).toThrow(
      'microapps.killSwitch.stewardRoles[0] must list steward roles (security, compliance, executive, platform), got "janitor"',
    );
    expect(() =>
      parseMicroAppsConfig({ stewards: { security: 'group:default/sec' } }),
    ).toThrow(
      'microapps.stewards.security must be a list of group entity refs',
    );
  });

  it('reads per-app approval lifetimes and names the entry at fault', () => {
    expect(parseMicroAppsConfig({}).approvals.perApp).toEqual([]);
    expect(
      parseMicroAppsConfig({
        approvals: {
          perApp: [{ app: 'MicroApp:default/Pilot-App', ttlDays: '0.5' }],
        },
      }).approvals.perApp,
    ).toEqual([{ app: 'microapp:default/pilot-app', ttlDays: 0.5 }]);
    const perApp = (entries: unknown) => () =>
      parseMicroAppsConfig({ approvals: { perApp: entries } });
    expect(perApp([{ app: 'pilot-app', ttlDays: 1 }])).toThrow(
      'microapps.approvals.perApp[0].app must be a MicroApp entity ref such as microapp:default/my-app, got "pilot-app"',
    );
    expect(perApp([{ app: 'microapp:default/pilot-app' }])).toThrow(
      'microapps.approvals.perApp[0].ttlDays must be a number above 0 and at most 3650',
    );
    expect(perApp([{ app: 'microapp:default/pilot-app', ttlDays: 0 }])).toThrow(
      'microapps.approvals.perApp[0].ttlDays must be a number above 0 and at most 3650, got 0',
    );
    expect(
      perApp([
        { app: 'microapp:default/pilot-app', ttlDays: 1 },
        { app: 'microapp:default/PILOT-APP', ttlDays: 2 },
      ]),
    ).toThrow(
      'microapps.approvals.perApp[1].app lists microapp:default/pilot-app a second time',
    );
    expect(perApp({ app: 'microapp:default/pilot-app' })).toThrow(
      'microapps.approvals.perApp must be a list of { app, ttlDays }',
    );
  });

  it('refuses a misspelt key instead of ignoring it, listing the keys it knows', () => {
    expect(() =>
      parseMicroAppsConfig({ notifications: { expiryWarningDay: 7 } }),
    ).toThrow(
      'microapps.notifications.expiryWarningDay is not known; allowed: expiryWarningDays, scanIntervalSeconds',
    );
    expect(() => parseMicroAppsConfig({ telemtry: {} })).toThrow(
      /^microapps\.telemtry is not known; allowed: models, risk, stewards/,
    );
  });

  it('accepts a schedule per known task and names the allowed tasks for any other', () => {
    const schedule = { frequency: 'PT5M', timeout: { minutes: 1 } };
    expect(
      parseMicroAppsConfig({ schedules: { policiesEvaluate: schedule } })
        .schedules.policiesEvaluate,
    ).toEqual(schedule);
    expect(() =>
      parseMicroAppsConfig({ schedules: { policyEvaluate: schedule } }),
    ).toThrow(
      'microapps.schedules.policyEvaluate is not known; allowed: marketplaceRefresh, governanceNotices, governanceNoticeRetries, telemetryRetention, policiesRefresh, policiesEvaluate',
    );
  });

  it('refuses a scope or an unknown key in a schedule, naming the key', () => {
    expect(() =>
      parseMicroAppsConfig({
        schedules: {
          telemetryRetention: {
            frequency: 'PT1H',
            timeout: 'PT5M',
            scope: 'local',
          },
        },
      }),
    ).toThrow(
      /^microapps\.schedules\.telemetryRetention\.scope cannot be set: whether a task runs on one replica at a time \(global\) or on each \(local\) is fixed/,
    );
    expect(() =>
      parseMicroAppsConfig({
        schedules: { telemetryRetention: { frequncy: 'PT1H' } },
      }),
    ).toThrow(
      'microapps.schedules.telemetryRetention.frequncy is not known; allowed: frequency, timeout, initialDelay',
    );
    expect(() =>
      parseMicroAppsConfig({ schedules: { telemetryRetention: 'PT1H' } }),
    ).toThrow(
      'microapps.schedules.telemetryRetention must be a schedule: { frequency, timeout, initialDelay? }',
    );
  });

  it('checks the model catalog and risk matrix with their own schemas', () => {
    expect(() => parseMicroAppsConfig({ models: [{ id: '' }] })).toThrow(
      /^microapps\.models\[0\]/,
    );
    expect(() =>
      parseMicroAppsConfig({ risk: { userReach: { galaxy: 3 } } }),
    ).toThrow(/^microapps\.risk\.userReach/);
  });
});

/** Every key name of a zod schema, at any depth. */
function keyNames(schema: z.ZodType, names = new Set<string>()): Set<string> {
  const inner = (schema as any)._zod.def;
  if (inner.type === 'object') {
    for (const [name, value] of Object.entries(inner.shape)) {
      names.add(name);
      keyNames(value as z.ZodType, names);
    }
  } else if (inner.innerType) keyNames(inner.innerType, names);
  else if (inner.out) keyNames(inner.out, names);
  else if (inner.element) keyNames(inner.element, names);
  return names;
}

describe('config.d.ts', () => {
  it('declares the same keys as the schema, so Backstage and Trellis check the same config', () => {
    const declaration = fs.readFileSync(
      path.resolve(__dirname, '../../config.d.ts'),
      'utf8',
    );
    const code = declaration
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const declared = new Set(
      Array.from(code.matchAll(/(\w+|'[^']+')\??:/g), match =>
        match[1].replace(/'/g, ''),
      ),
    );
    declared.delete('microapps');
    expect([...declared].sort()).toEqual(
      [...keyNames(microAppsConfigSchema)].sort(),
    );
  });
});
