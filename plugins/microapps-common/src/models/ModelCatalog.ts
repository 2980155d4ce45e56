/** Whether the organisation allows a model. @public */
export const MODEL_STATUSES = ['approved', 'restricted', 'prohibited'] as const;
/** @public */
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Where a model runs. A model id missing from the catalog counts as `unvetted`. @public */
export const MODEL_HOSTINGS = ['enterprise', 'public', 'unvetted'] as const;
/** @public */
export type ModelHosting = (typeof MODEL_HOSTINGS)[number];

/** Prices in USD per million tokens. @public */
export interface ModelPricing {
  inputPer1M: number;
  outputPer1M: number;
  cachedInputPer1M?: number;
}

/** One entry of `microapps.models[]`. @public */
export interface ModelCatalogEntry {
  id: string;
  provider: string;
  status: ModelStatus;
  hosting: ModelHosting;
  pricing: ModelPricing;
}

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
  if (!Array.isArray(raw)) {
    throw new Error('microapps.models must be a list of models');
  }
  const seen = new Set<string>();
  return raw.map((item, index) => {
    const where = `microapps.models[${index}]`;
    if (typeof item !== 'object' || item === null) {
      throw new Error(`${where} must be an object`);
    }
    const { id, provider, status, hosting, pricing } = item as Record<
      string,
      any
    >;
    if (typeof id !== 'string' || !id)
      throw new Error(`${where}.id must be a non-empty string`);
    if (seen.has(id)) throw new Error(`${where}.id "${id}" is listed twice`);
    seen.add(id);
    if (typeof provider !== 'string' || !provider) {
      throw new Error(`${where}.provider must be a non-empty string`);
    }
    if (!MODEL_STATUSES.includes(status)) {
      throw new Error(
        `${where}.status must be one of ${MODEL_STATUSES.join(', ')}`,
      );
    }
    if (!MODEL_HOSTINGS.includes(hosting)) {
      throw new Error(
        `${where}.hosting must be one of ${MODEL_HOSTINGS.join(', ')}`,
      );
    }
    const price = (key: string, optional = false) => {
      const value = pricing?.[key];
      if (optional && value === undefined) return undefined;
      if (typeof value !== 'number' || !(value >= 0)) {
        throw new Error(
          `${where}.pricing.${key} must be a number of USD per million tokens, at least 0`,
        );
      }
      return value;
    };
    const cachedInputPer1M = price('cachedInputPer1M', true);
    return {
      id,
      provider,
      status,
      hosting,
      pricing: {
        inputPer1M: price('inputPer1M')!,
        outputPer1M: price('outputPer1M')!,
        ...(cachedInputPer1M !== undefined ? { cachedInputPer1M } : {}),
      },
    };
  });
}
