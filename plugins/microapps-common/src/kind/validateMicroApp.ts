import Ajv, { type ErrorObject } from 'ajv';
import type { MicroAppEntity } from './MicroAppEntity';
import { microAppEntitySchema } from './microAppSchema';

/** One problem found in a MicroApp manifest. @public */
export interface MicroAppValidationIssue {
  /** Dotted path of the offending field, e.g. `spec.data.classifications[1]`. */
  field: string;
  /** A sentence a manifest author can act on; it names the field and what is allowed. */
  message: string;
}

/** @public */
export type MicroAppValidationResult =
  | { valid: true; entity: MicroAppEntity }
  | { valid: false; issues: MicroAppValidationIssue[] };

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateSchema = ajv.compile(microAppEntitySchema);

/**
 * Validates a MicroApp entity against the kind's JSON Schema.
 *
 * @public
 */
export function validateMicroAppEntity(
  entity: unknown,
): MicroAppValidationResult {
  if (validateSchema(entity)) {
    return { valid: true, entity: entity as unknown as MicroAppEntity };
  }
  const issues = (validateSchema.errors ?? [])
    // An `if` only says that its `then` failed, which has its own error.
    .filter(error => error.keyword !== 'if')
    .map(describeError);
  return { valid: false, issues: dedupe(issues) };
}

/**
 * Formats validation issues as one message, one issue per line.
 *
 * @public
 */
export function formatValidationIssues(
  issues: MicroAppValidationIssue[],
): string {
  return issues.map(issue => issue.message).join('\n');
}

function describeError(error: ErrorObject): MicroAppValidationIssue {
  const field = toFieldPath(error.instancePath);
  const where = field || 'the entity';
  switch (error.keyword) {
    case 'required': {
      const missing = joinField(field, String(error.params.missingProperty));
      return { field: missing, message: `${missing} is required` };
    }
    case 'additionalProperties':
      return unknownField(field, error);
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).join(', ');
      return {
        field: where,
        message: `${where} must be one of ${allowed} (got ${describeValue(
          error.data,
        )})`,
      };
    }
    case 'type':
      return {
        field: where,
        message: `${where} must be ${article(
          String(error.params.type),
        )} (got ${describeValue(error.data)})`,
      };
    case 'pattern':
      return {
        field: where,
        message: `${where} ${patternHint(field)} (got ${describeValue(
          error.data,
        )})`,
      };
    case 'minItems':
      return {
        field: where,
        message: `${where} must list at least ${error.params.limit} item(s)`,
      };
    case 'maxItems':
      return {
        field: where,
        message: `${where} must list at most ${error.params.limit} items`,
      };
    case 'uniqueItems':
      return {
        field: where,
        message: `${where} must not list the same value twice`,
      };
    case 'minLength':
      return { field: where, message: `${where} must not be empty` };
    case 'maxLength':
      return {
        field: where,
        message: `${where} must be at most ${error.params.limit} characters long`,
      };
    case 'minimum':
      return {
        field: where,
        message: `${where} must be at least ${
          error.params.limit
        } (got ${describeValue(error.data)})`,
      };
    default:
      return {
        field: where,
        message: `${where} ${error.message ?? 'is invalid'}`,
      };
  }
}

function unknownField(
  field: string,
  error: ErrorObject,
): MicroAppValidationIssue {
  const unknown = joinField(field, String(error.params.additionalProperty));
  const allowed = allowedFieldsAt(field);
  return {
    field: unknown,
    message: `${unknown} is not a known field${
      allowed.length
        ? `; allowed fields of ${field} are ${allowed.join(', ')}`
        : ''
    }`,
  };
}

function patternHint(field: string): string {
  if (field === 'spec.version') {
    return 'must be a semantic version such as 1.2.0';
  }
  if (field.startsWith('spec.egress')) {
    return 'must be a hostname such as api.example.com (no scheme, port or path)';
  }
  if (field === 'spec.dependencies.sbom') {
    return 'must be an http(s) URL';
  }
  if (/^spec\.connectors\[\d+\]\.name$/.test(field)) {
    return 'starts with "resource:", so it must be a Resource entity ref, resource:[namespace/]name, with neither part empty and at most 255 characters as resource:namespace/name (without "resource:" the name is a plain label)';
  }
  return 'has an invalid format';
}

/** Lists the property names the schema allows at a dotted path (array indexes ignored). */
function allowedFieldsAt(field: string): string[] {
  let node: any = microAppEntitySchema;
  for (const part of field
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean)) {
    node = node?.properties?.[part] ?? node?.items?.properties?.[part];
  }
  const properties = node?.properties ?? node?.items?.properties;
  return properties ? Object.keys(properties) : [];
}

/** `/spec/data/classifications/1` → `spec.data.classifications[1]` */
function toFieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) =>
        /^\d+$/.test(part) ? `${path}[${part}]` : joinField(path, part),
      '',
    );
}

function joinField(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function dedupe(issues: MicroAppValidationIssue[]): MicroAppValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter(issue => {
    if (seen.has(issue.message)) return false;
    seen.add(issue.message);
    return true;
  });
}
