import {
  CONNECTOR_ACCESS,
  CONNECTOR_EXPOSURES,
  DATA_CLASSES,
  DEPENDENCY_RISK_LEVELS,
  PII_HANDLING,
  REACH_VALUES,
  type MicroAppConnector,
  type RiskInput,
  type RiskTier,
} from '@trellis/plugin-microapps-common';

/** The answers the risk score depends on. @public */
export type RiskAnswer =
  | 'reach'
  | 'classifications'
  | 'pii'
  | 'models'
  | 'connectors'
  | 'dependencyRisk'
  | 'sbom';

/**
 * `ui:options` of the `MicroAppRiskPreview` field.
 *
 * @public
 */
export type RiskPreviewUiOptions = {
  /**
   * Where each answer sits in the form, as a property name or a dot path
   * (`data.classifications`). Defaults: `reach`, `classifications`, `pii`,
   * `models`, `connectors`, `dependencyRisk`, `sbom` (and the spec's own
   * paths such as `data.pii` or `dependencies.risk`).
   */
  fields?: Partial<Record<RiskAnswer, string>>;
  /**
   * Parts of the MicroApp spec that the template fixes in its skeleton
   * rather than asks for, e.g. its connectors and dependency risk. The
   * form's answers win where both exist.
   */
  spec?: {
    reach?: string;
    data?: { classifications?: string[]; pii?: string };
    connectors?: Array<{ name: string; exposure: string; access: string }>;
    models?: string[];
    dependencies?: { risk?: string; sbom?: string };
  };
  /**
   * The highest tier the template is meant for. When set, answers that score
   * higher stop the form at this step with an explanation.
   */
  maxTier?: RiskTier;
};

const DEFAULT_PATHS: Record<RiskAnswer, string[]> = {
  reach: ['reach'],
  classifications: ['classifications', 'data.classifications'],
  pii: ['pii', 'data.pii'],
  models: ['models'],
  connectors: ['connectors'],
  dependencyRisk: ['dependencyRisk', 'dependencies.risk'],
  sbom: ['sbom', 'dependencies.sbom'],
};

/** What to ask for, in words, when an answer is missing. */
export const MISSING_ANSWER_LABELS: Record<RiskAnswer, string> = {
  reach: 'who uses it',
  classifications: 'the data classifications it touches',
  pii: 'how personal data reaches the model',
  models: 'the models it calls',
  connectors: 'its connectors',
  dependencyRisk: 'its dependency risk',
  sbom: 'its SBOM',
};

function readPath(data: unknown, path: string): unknown {
  let current = data;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The first defined answer among the configured or default paths. */
function answer(
  formData: unknown,
  key: RiskAnswer,
  options: RiskPreviewUiOptions,
): unknown {
  const configured = options.fields?.[key];
  const paths = configured ? [configured] : DEFAULT_PATHS[key];
  for (const path of paths) {
    const value = readPath(formData, path);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function oneOf<T extends string>(
  allowed: readonly T[],
  ...values: unknown[]
): T | undefined {
  for (const value of values) {
    if (allowed.includes(value as T)) return value as T;
  }
  return undefined;
}

function listOf<T extends string>(
  allowed: readonly T[] | undefined,
  value: unknown,
): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (item): item is T =>
      typeof item === 'string' &&
      item !== '' &&
      (!allowed || allowed.includes(item as T)),
  );
}

function connectorsOf(value: unknown): MicroAppConnector[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (item): item is MicroAppConnector =>
      typeof item === 'object' &&
      item !== null &&
      typeof item.name === 'string' &&
      item.name !== '' &&
      CONNECTOR_EXPOSURES.includes(item.exposure) &&
      CONNECTOR_ACCESS.includes(item.access),
  );
}

/**
 * The `default`s of a JSON Schema's properties, nested objects included:
 * the answers a form shows before anyone touches it.
 */
export function schemaDefaults(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: unknown } | undefined)
    ?.properties;
  if (typeof properties !== 'object' || properties === null) return {};
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(
    properties as Record<string, { default?: unknown; properties?: unknown }>,
  )) {
    if (property?.default !== undefined) {
      defaults[key] = property.default;
    } else if (property?.properties) {
      const nested = schemaDefaults(property);
      if (Object.keys(nested).length > 0) defaults[key] = nested;
    }
  }
  return defaults;
}

/** The outcome of {@link riskInputFromForm}. */
export type RiskInputFromForm =
  | { spec: RiskInput; missing: [] }
  | { spec: undefined; missing: RiskAnswer[] };

/**
 * Builds the risk-relevant part of a MicroApp spec from a scaffolder form's
 * answers and what the template fixes, or says which answers are missing.
 * Connectors are optional (none means no integration exposure).
 */
export function riskInputFromForm(
  formData: unknown,
  options: RiskPreviewUiOptions = {},
): RiskInputFromForm {
  const fixed = options.spec ?? {};
  const reach = oneOf(
    REACH_VALUES,
    answer(formData, 'reach', options),
    fixed.reach,
  );
  const classifications =
    listOf(DATA_CLASSES, answer(formData, 'classifications', options)) ??
    listOf(DATA_CLASSES, fixed.data?.classifications);
  const pii = oneOf(
    PII_HANDLING,
    answer(formData, 'pii', options),
    fixed.data?.pii,
  );
  const models =
    listOf(undefined, answer(formData, 'models', options)) ??
    listOf(undefined, fixed.models);
  const connectors =
    connectorsOf(answer(formData, 'connectors', options)) ??
    connectorsOf(fixed.connectors) ??
    [];
  const dependencyRisk = oneOf(
    DEPENDENCY_RISK_LEVELS,
    answer(formData, 'dependencyRisk', options),
    fixed.dependencies?.risk,
  );
  const sbomAnswer =
    answer(formData, 'sbom', options) ?? fixed.dependencies?.sbom;
  const sbom = typeof sbomAnswer === 'string' ? sbomAnswer : undefined;

  const missing: RiskAnswer[] = [];
  if (!reach) missing.push('reach');
  if (!classifications?.length) missing.push('classifications');
  if (!pii) missing.push('pii');
  if (!models) missing.push('models');
  if (!dependencyRisk) missing.push('dependencyRisk');
  if (
    missing.length > 0 ||
    !reach ||
    !classifications ||
    !pii ||
    !models ||
    !dependencyRisk
  ) {
    return { spec: undefined, missing };
  }
  return {
    spec: {
      reach,
      data: { classifications, pii },
      connectors,
      models,
      dependencies: sbom
        ? { risk: dependencyRisk, sbom }
        : { risk: dependencyRisk },
    },
    missing: [],
  };
}
