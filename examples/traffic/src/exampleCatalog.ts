import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A MicroApp manifest from the example catalog, reduced to what traffic depends on. */
export interface ExampleMicroApp {
  name: string;
  namespace: string;
  /** `microapp:<namespace>/<name>`, the value of the `trellis.microapp.ref` resource attribute. */
  entityRef: string;
  title?: string;
  type: string;
  lifecycle: string;
  reach: string;
  owner?: string;
  version?: string;
  /** `spec.template`: the template the app was created from, if any. */
  template?: string;
  pii: string;
  classifications: string[];
  connectors: Array<{ name: string; exposure: string; access: string }>;
  models: string[];
  limits: {
    maxTokensPerRequest?: number;
    requestsPerMinute?: number;
    monthlyBudgetUsd?: number;
  };
  egress: string[];
  /** The file the manifest came from, relative to the examples folder. */
  sourceFile: string;
}

/** A model from the example model catalog (`microapps.models[]`). Prices are USD per million tokens. */
export interface ExampleModel {
  id: string;
  provider: string;
  status: 'approved' | 'restricted' | 'prohibited';
  hosting: string;
  pricing: {
    inputPer1M: number;
    outputPer1M: number;
    cachedInputPer1M?: number;
  };
}

/** The example micro-apps and model catalog that traffic is generated for. */
export interface ExampleCatalog {
  /** The folder that holds `microapps/` and `microapps-config.yaml`. */
  examplesDir: string;
  apps: ExampleMicroApp[];
  models: ExampleModel[];
}

/** Options for {@link loadExampleCatalog}. */
export interface LoadExampleCatalogOptions {
  /**
   * The folder that holds `microapps/*.yaml` and `microapps-config.yaml`.
   * Defaults to `examples/` of the repository this package lives in.
   */
  examplesDir?: string;
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

const optionalNumber = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * Finds the repository root: the nearest folder, walking up from `start`
 * (and then from the working directory), that has `examples/microapps`.
 */
// The examples are files of this repository, next to this package, not package assets.
// eslint-disable-next-line no-restricted-syntax
export function findRepositoryRoot(start: string = __dirname): string {
  for (const from of [start, process.cwd()]) {
    let dir = path.resolve(from);
    for (;;) {
      if (existsSync(path.join(dir, 'examples', 'microapps'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(
    `Could not find the Trellis examples: no folder above ${start} or ${process.cwd()} has examples/microapps. ` +
      'Pass the examples folder explicitly.',
  );
}

function toMicroApp(
  doc: Record<string, any>,
  sourceFile: string,
): ExampleMicroApp {
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const spec = isRecord(doc.spec) ? doc.spec : {};
  const name = String(metadata.name ?? '');
  if (!name)
    throw new Error(`A MicroApp in ${sourceFile} has no metadata.name`);
  const namespace =
    typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  const data = isRecord(spec.data) ? spec.data : {};
  const limits = isRecord(spec.limits) ? spec.limits : {};
  return {
    name,
    namespace,
    entityRef: `microapp:${namespace}/${name}`,
    title: typeof metadata.title === 'string' ? metadata.title : undefined,
    type: String(spec.type ?? 'other'),
    lifecycle: String(spec.lifecycle ?? 'draft'),
    reach: String(spec.reach ?? 'team'),
    owner: typeof spec.owner === 'string' ? spec.owner : undefined,
    version: typeof spec.version === 'string' ? spec.version : undefined,
    template: typeof spec.template === 'string' ? spec.template : undefined,
    pii: String(data.pii ?? 'none'),
    classifications: strings(data.classifications),
    connectors: (Array.isArray(spec.connectors) ? spec.connectors : [])
      .filter(isRecord)
      .map(c => ({
        name: String(c.name),
        exposure: String(c.exposure ?? 'internal'),
        access: String(c.access ?? 'read'),
      })),
    models: strings(spec.models),
    limits: {
      maxTokensPerRequest: optionalNumber(limits.maxTokensPerRequest),
      requestsPerMinute: optionalNumber(limits.requestsPerMinute),
      monthlyBudgetUsd: optionalNumber(limits.monthlyBudgetUsd),
    },
    egress: strings(spec.egress),
    sourceFile,
  };
}

/** Reads every `kind: MicroApp` document from the YAML files of a folder, sorted by file and position. */
export async function readExampleMicroApps(
  microAppsDir: string,
): Promise<ExampleMicroApp[]> {
  const files = (await readdir(microAppsDir))
    .filter(f => /\.ya?ml$/.test(f))
    .sort();
  const apps: ExampleMicroApp[] = [];
  for (const file of files) {
    const sourceFile = path.join(path.basename(microAppsDir), file);
    const text = await readFile(path.join(microAppsDir, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        throw new Error(
          `Could not parse ${sourceFile}: ${doc.errors[0].message}`,
        );
      }
      const value = doc.toJS();
      if (isRecord(value) && value.kind === 'MicroApp')
        apps.push(toMicroApp(value, sourceFile));
    }
  }
  return apps;
}

/** Reads the model catalog (`models[]`) from the example `microapps-config.yaml`. */
export async function readExampleModels(
  configFile: string,
): Promise<ExampleModel[]> {
  const config = parse(await readFile(configFile, 'utf8'));
  const models =
    isRecord(config) && Array.isArray(config.models) ? config.models : [];
  return models.filter(isRecord).map(m => {
    const pricing = isRecord(m.pricing) ? m.pricing : {};
    return {
      id: String(m.id),
      provider: String(m.provider ?? 'unknown'),
      status:
        m.status === 'restricted' || m.status === 'prohibited'
          ? m.status
          : 'approved',
      hosting: String(m.hosting ?? 'unvetted'),
      pricing: {
        inputPer1M: optionalNumber(pricing.inputPer1M) ?? 0,
        outputPer1M: optionalNumber(pricing.outputPer1M) ?? 0,
        cachedInputPer1M: optionalNumber(pricing.cachedInputPer1M),
      },
    };
  });
}

/** Loads the example micro-apps (`examples/microapps/*.yaml`) and the model catalog (`examples/microapps-config.yaml`). */
export async function loadExampleCatalog(
  options: LoadExampleCatalogOptions = {},
): Promise<ExampleCatalog> {
  const examplesDir = path.resolve(
    options.examplesDir ?? path.join(findRepositoryRoot(), 'examples'),
  );
  const [apps, models] = await Promise.all([
    readExampleMicroApps(path.join(examplesDir, 'microapps')),
    readExampleModels(path.join(examplesDir, 'microapps-config.yaml')),
  ]);
  return { examplesDir, apps, models };
}
