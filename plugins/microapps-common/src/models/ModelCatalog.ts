import { z } from 'zod';
import { parseConfig } from './parseConfig';

/** Whether the organisation allows a model. @public */
export const MODEL_STATUSES = ['approved', 'restricted', 'prohibited'] as const;
/** @public */
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Where a model runs. A model id missing from the catalog counts as `unvetted`. @public */
export const MODEL_HOSTINGS = ['enterprise', 'public', 'unvetted'] as const;
/** @public */
export type ModelHosting = (typeof MODEL_HOSTINGS)[number];

const NON_EMPTY = 'must be a non-empty string';
const nonEmptyString = z.string({ error: NON_EMPTY }).min(1, NON_EMPTY);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
const PRICE = 'must be a number of USD per million tokens, at least 0';
const price = z.number({ error: PRICE }).min(0, PRICE);

/** The schema of a model's prices in `microapps.models[]`. @public */
export const modelPricingSchema = z.object({
  inputPer1M: price,
  outputPer1M: price,
  cachedInputPer1M: price.optional(),
});

/** The schema of one entry of `microapps.models[]`; fields other than these are ignored. @public */
export const modelCatalogEntrySchema = z.object(
  {
    id: nonEmptyString,
    provider: nonEmptyString,
    status: oneOf(MODEL_STATUSES),
    hosting: oneOf(MODEL_HOSTINGS),
    // Pricing that is not a map has no prices: the message names the first.
    pricing: z.preprocess(
      value =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? value
          : {},
      modelPricingSchema,
    ),
  },
  { error: 'must be an object' },
);

/** `microapps.models`: a list of entries with distinct ids. @public */
export const modelCatalogSchema = z
  .array(modelCatalogEntrySchema, { error: 'must be a list of models' })
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach(({ id }, index) => {
      if (seen.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `"${id}" is listed twice`,
        });
      }
      seen.add(id);
    });
  });

/** Prices in USD per million tokens. @public */
export type ModelPricing = z.infer<typeof modelPricingSchema>;

/** One entry of `microapps.models[]`. @public */
export type ModelCatalogEntry = z.infer<typeof modelCatalogEntrySchema>;

/** What the catalog knows about a model id, including ids it does not list. @public */
export interface ResolvedModel {
  id: string;
  known: boolean;
  hosting: ModelHosting;
  status?: ModelStatus;
  entry?: ModelCatalogEntry;
}

/**
 * Looks a model id up in the catalog; an unknown id resolves as `unvetted`.
 *
 * @public
 */
export function resolveModel(
  id: string,
  catalog: readonly ModelCatalogEntry[],
): ResolvedModel {
  const entry = catalog.find(model => model.id === id);
  if (!entry) {
    return { id, known: false, hosting: 'unvetted' };
  }
  return {
    id,
    known: true,
    hosting: entry.hosting,
    status: entry.status,
    entry,
  };
}

/**
 * Checks a model catalog read from configuration and returns it typed.
 * Throws an Error naming the entry and field on the first problem.
 *
 * @public
 */
export function parseModelCatalog(raw: unknown): ModelCatalogEntry[] {
  if (raw === undefined || raw === null) return [];
  return parseConfig(modelCatalogSchema, raw, 'microapps.models');
}
