import { z } from 'zod';
import {
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  LIFECYCLE_STAGES,
  MICROAPP_API_VERSION,
  MICROAPP_KIND,
  MICROAPP_TYPES,
  PII_HANDLING,
  REACH_VALUES,
} from './vocabulary';

// Patterns carry the `u` flag, as JSON Schema validators compile them.

/** Semantic versioning 2.0.0, as published on semver.org. */
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/u;

/** A hostname, optionally with a leading wildcard label (`*.example.com`). */
const HOSTNAME_PATTERN =
  /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/u;

/** `resource:` in any letter case. */
const RESOURCE_PREFIX = '[Rr][Ee][Ss][Oo][Uu][Rr][Cc][Ee]:';

/**
 * A plain label, or, when it starts with `resource:`, a ref the catalog
 * relates to that Resource entity: `resource:[namespace/]name` with both
 * parts non-empty, as the catalog parses entity refs, and short enough that
 * the ref the catalog stores, `resource:default/name` without a namespace,
 * fits its 255 characters.
 */
const CONNECTOR_NAME_PATTERN = new RegExp(
  `^(?!${RESOURCE_PREFIX})[\\s\\S]*$|^${RESOURCE_PREFIX}(?:[^/]+/[\\s\\S]+|[^/]{1,238})$`,
  'u',
);

/**
 * Where people open an app: an absolute `https://` address, or `http://` on
 * this machine (`localhost`, `127.0.0.1`) while developing. Anything else
 * (`javascript:`, `data:`, relative paths, other schemes) would send users
 * somewhere a steward did not review, or run code in the portal.
 */
const APP_URL_PATTERN =
  /^(?:https:\/\/[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*|http:\/\/(?:localhost|127\.0\.0\.1))(?::\d{1,5})?(?:[/?#]\S*)?$/u;

/** An email address: something, one `@`, a domain with a dot; no spaces. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

const nonEmptyString = z.string().min(1).max(255);

const appUrl = z
  .string()
  .max(2048)
  .regex(
    APP_URL_PATTERN,
    'must be an absolute https:// URL such as https://apps.example.com/my-app (http:// only for localhost or 127.0.0.1)',
  );

/** Fails a list that names the same string twice, as JSON Schema's `uniqueItems`. */
const distinct = (items: readonly unknown[]) => {
  const strings = items.filter(item => typeof item === 'string');
  return new Set(strings).size === strings.length;
};
const NO_REPEATS = {
  message: 'must not list the same value twice',
  // Also when some entries are invalid, so that every problem is reported at once.
  when: (payload: z.core.ParsePayload) => Array.isArray(payload.value),
};

/**
 * An integration the micro-app uses.
 *
 * @public
 */
export const microAppConnectorSchema = z.strictObject({
  /** A plain name or a Resource entity ref such as `resource:default/salesforce`. */
  name: z
    .string()
    // Format before length: the order its problems have always been listed in.
    .regex(
      CONNECTOR_NAME_PATTERN,
      'starts with "resource:", so it must be a Resource entity ref, resource:[namespace/]name, with neither part empty and at most 255 characters as resource:namespace/name (without "resource:" the name is a plain label)',
    )
    .min(1)
    .max(255),
  exposure: z.enum(CONNECTOR_EXPOSURES),
  access: z.enum(CONNECTOR_ACCESS),
});

/**
 * Limits the manifest declares.
 *
 * @public
 */
export const microAppLimitsSchema = z.strictObject({
  maxTokensPerRequest: z.int().min(1).optional(),
  requestsPerMinute: z.int().min(1).optional(),
  monthlyBudgetUsd: z.number().min(0).optional(),
});

/**
 * Where users of the app get help: at least one of an email address, a chat
 * channel or a web page.
 *
 * @public
 */
export const microAppSupportSchema = z
  .strictObject({
    email: z
      .string()
      .max(254)
      .regex(EMAIL_PATTERN, 'must be an email address such as help@example.com')
      .optional(),
    /** A chat channel, e.g. `#help-invoices`. */
    channel: nonEmptyString.optional(),
    url: appUrl.optional(),
  })
  .refine(support => Boolean(support.email || support.channel || support.url), {
    message: 'must name at least one way to get help: email, channel or url',
    // Only once its fields are right: a wrong field is the one thing to fix.
    when: payload => payload.issues.length === 0,
  });

/**
 * The `spec` of a MicroApp entity. Unknown fields are rejected.
 *
 * @public
 */
export const microAppSpecSchema = z.strictObject({
  type: z.enum(MICROAPP_TYPES),
  lifecycle: z.enum(LIFECYCLE_STAGES),
  /** Entity ref of the owning group. */
  owner: nonEmptyString,
  system: nonEmptyString.optional(),
  /** Entity ref of the vetted template the app was created from. */
  template: nonEmptyString.optional(),
  /** Semver version of the manifest. */
  version: z
    .string()
    .max(128)
    .regex(SEMVER_PATTERN, 'must be a semantic version such as 1.2.0'),
  costCenter: nonEmptyString,
  reach: z.enum(REACH_VALUES),
  data: z.strictObject({
    classifications: z
      .array(z.enum(DATA_CLASSES))
      // The risk endpoint's wording; validateMicroAppEntity words lengths itself.
      .min(1, 'must list at least one data class')
      .refine(distinct, NO_REPEATS),
    pii: z.enum(PII_HANDLING),
  }),
  connectors: z.array(microAppConnectorSchema).max(100).optional(),
  /** Model ids from the model catalog. */
  models: z.array(nonEmptyString).max(50).refine(distinct, NO_REPEATS),
  limits: microAppLimitsSchema.optional(),
  dependencies: z.strictObject({
    sbom: z
      .string()
      .max(2048)
      .regex(/^https?:\/\//u, 'must be an http(s) URL')
      .optional(),
    risk: z.enum(DEPENDENCY_RISK_LEVELS),
  }),
  /** Hostnames the app may call. */
  egress: z
    .array(
      z
        .string()
        .max(253)
        .regex(
          HOSTNAME_PATTERN,
          'must be a hostname such as api.example.com (no scheme, port or path)',
        ),
    )
    .max(100)
    .refine(distinct, NO_REPEATS)
    .optional(),
  /** Where users open the app; part of what a steward reviews. */
  url: appUrl.optional(),
  /** Where users of the app get help. */
  support: microAppSupportSchema.optional(),
});

/**
 * A MicroApp entity: the catalog's envelope, whose other fields are the
 * catalog's to check, around a {@link microAppSpecSchema | spec}.
 *
 * @public
 */
export const microAppEntitySchema = z.looseObject({
  apiVersion: z.literal(MICROAPP_API_VERSION),
  kind: z.literal(MICROAPP_KIND),
  metadata: z.looseObject({}),
  spec: microAppSpecSchema,
});
