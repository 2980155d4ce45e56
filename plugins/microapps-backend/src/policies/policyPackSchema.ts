import {
  BADGE_IDS,
  STEWARD_ROLE_NAMES,
} from '@trellis/plugin-microapps-common';
import { z } from 'zod';

/** Longest `when` expression, in characters. */
export const MAX_WHEN_LENGTH = 4_000;
/** Longest window: a month of 31 days. */
export const MAX_WINDOW_SECONDS = 31 * 24 * 3600;
/** Policies of a pack, at most. */
export const MAX_POLICIES_PER_PACK = 500;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** `10m` → 600; undefined for anything that is not a number and a unit. */
export function windowSeconds(text: string): number | undefined {
  const match = /^([1-9]\d{0,6})([smhd])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

/** An object of the given keys; any other key is named as not known. */
const strict = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.join(', ')}; allowed: ${Object.keys(
            shape,
          ).join(', ')}`
        : 'must be an object',
  });

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max);

/** Who a `notify` action tells: the app's owners, the stewards of a role, or a group. */
const recipient = z
  .string({ error: 'must be a string' })
  .refine(
    to =>
      to === 'owners' ||
      (to.startsWith('stewards:') &&
        (STEWARD_ROLE_NAMES as readonly string[]).includes(to.slice(9))) ||
      /^group:([a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/i.test(to),
    {
      error: issue =>
        `must be owners, stewards:<${STEWARD_ROLE_NAMES.join(
          '|',
        )}> or group:<namespace/name>, got ${JSON.stringify(issue.input)}`,
    },
  );

const actionSchema = z.discriminatedUnion(
  'type',
  [
    strict({ type: z.literal('notify'), to: recipient }),
    strict({ type: z.literal('kill-switch') }),
    strict({ type: z.literal('block-promotion') }),
    strict({
      type: z.literal('require-review'),
      badges: z
        .array(
          z.enum(BADGE_IDS, {
            error: issue =>
              `must be one of ${BADGE_IDS.join(', ')}, got ${JSON.stringify(
                issue.input,
              )}`,
          }),
        )
        .min(1, 'must name at least one badge'),
    }),
  ],
  {
    error: issue =>
      issue.code === 'invalid_union'
        ? 'must have a type of notify, kill-switch, block-promotion or require-review'
        : undefined,
  },
);

/** One policy of a pack, as written. */
export const policySchema = strict({
  id: z
    .string({ error: 'must be a string' })
    .regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      'must be a slug: lower-case letters and digits, words joined by single hyphens',
    )
    .max(100),
  title: text(200),
  description: text(2_000),
  severity: z.enum(['low', 'medium', 'high', 'critical'], {
    error: 'must be one of low, medium, high, critical',
  }),
  /** Dry-run unless written otherwise: a new policy reports before it acts. */
  mode: z
    .enum(['enforce', 'dry-run'], { error: 'must be enforce or dry-run' })
    .default('dry-run'),
  window: z
    .string({ error: 'must be a duration such as 10m, 1h, 24h or 30d' })
    .default('24h')
    .refine(
      value => {
        const seconds = windowSeconds(value);
        return seconds !== undefined && seconds <= MAX_WINDOW_SECONDS;
      },
      {
        error: issue =>
          `must be a duration such as 10m, 1h, 24h or 30d (s, m, h or d), at most 31d, got ${JSON.stringify(
            issue.input,
          )}`,
      },
    ),
  // Not trimmed: error positions count from the expression as written.
  when: z
    .string({ error: 'must be a CEL expression (a string)' })
    .min(1, 'must not be empty')
    .max(MAX_WHEN_LENGTH, `must be at most ${MAX_WHEN_LENGTH} characters`),
  actions: z
    .array(actionSchema, { error: 'must be a list of actions' })
    .max(20),
});

/** A policy pack file. */
export const policyPackSchema = strict({
  apiVersion: z.literal('trellis.dev/v1alpha1', {
    error: 'must be trellis.dev/v1alpha1',
  }),
  kind: z.literal('PolicyPack', { error: 'must be PolicyPack' }),
  metadata: strict({
    name: text(200),
    description: text(2_000).optional(),
  }).optional(),
  /** Checked one by one (policySchema), so that a bad policy leaves the others. */
  policies: z
    .array(z.unknown(), { error: 'must be a list of policies' })
    .max(MAX_POLICIES_PER_PACK),
});

export type PolicyDefinition = z.output<typeof policySchema>;
export type PolicyAction = PolicyDefinition['actions'][number];
export type PolicySeverity = PolicyDefinition['severity'];
export type PolicyMode = PolicyDefinition['mode'];
