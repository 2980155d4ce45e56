import { z } from 'zod';
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

type Path = ReadonlyArray<PropertyKey>;

/** A zod issue about one field: an unrecognized_keys issue becomes one per key. */
interface Problem {
  path: Path;
  issue: z.core.$ZodIssue;
  kind: 'required' | 'unknown' | 'other';
}

/**
 * Validates a MicroApp entity against the kind's schema,
 * {@link microAppEntitySchema}. Issues are worded, and ordered, as manifest
 * authors have always been told them.
 *
 * @public
 */
export function validateMicroAppEntity(
  entity: unknown,
): MicroAppValidationResult {
  const result = microAppEntitySchema.safeParse(entity, { reportInput: true });
  if (result.success) {
    return { valid: true, entity: entity as MicroAppEntity };
  }
  const problems = result.error.issues.flatMap(toProblems);
  // zod still measures a value of the wrong type that has a length (an empty
  // list where a string belongs); its type is all there is to say.
  const mistyped = new Set(
    problems
      .filter(p => p.issue.code === 'invalid_type')
      .map(p => fieldPath(p.path)),
  );
  const issues = problems
    .filter(
      p => p.issue.code === 'invalid_type' || !mistyped.has(fieldPath(p.path)),
    )
    .map(p => ({ problem: p, order: reportOrder(p) }))
    .sort((a, b) => compareOrder(a.order, b.order))
    .map(({ problem }) => describe(problem));
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

function toProblems(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(key => ({
      path: [...issue.path, key],
      issue,
      kind: 'unknown',
    }));
  }
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    issue.input === undefined &&
    typeof issue.path[issue.path.length - 1] === 'string';
  return [{ path: issue.path, issue, kind: missing ? 'required' : 'other' }];
}

function describe({ path, issue, kind }: Problem): MicroAppValidationIssue {
  const field = fieldPath(path);
  const where = field || 'the entity';
  const got = ` (got ${describeValue(issue.input)})`;
  const at = (message: string) => ({
    field: where,
    message: `${where} ${message}`,
  });
  if (kind === 'required') return { field, message: `${field} is required` };
  if (kind === 'unknown') return unknownField(path);
  switch (issue.code) {
    case 'invalid_value':
      return at(`must be one of ${issue.values.join(', ')}${got}`);
    case 'invalid_type':
      return at(`must be ${article(jsonType(issue, path))}${got}`);
    case 'invalid_format':
      // The schema's pattern says, in words, what the field must look like.
      return at(`${issue.message}${got}`);
    case 'too_small':
      if (issue.origin === 'string') return at('must not be empty');
      if (issue.origin === 'array') {
        return at(`must list at least ${issue.minimum} item(s)`);
      }
      return at(`must be at least ${issue.minimum}${got}`);
    case 'too_big':
      if (issue.origin === 'string') {
        return at(`must be at most ${issue.maximum} characters long`);
      }
      if (issue.origin === 'array') {
        return at(`must list at most ${issue.maximum} items`);
      }
      return at(`must be at most ${issue.maximum}${got}`);
    default:
      return at(issue.message);
  }
}

function unknownField(path: Path): MicroAppValidationIssue {
  const field = fieldPath(path);
  const parent = fieldPath(path.slice(0, -1));
  const object = schemaAt(path.slice(0, -1));
  const allowed =
    object instanceof z.ZodObject ? Object.keys(object.shape) : [];
  return {
    field,
    message: `${field} is not a known field${
      allowed.length
        ? `; allowed fields of ${parent} are ${allowed.join(', ')}`
        : ''
    }`,
  };
}

/** JSON Schema's name of the type a field must have. */
function jsonType(issue: z.core.$ZodIssueInvalidType, path: Path): string {
  const schema = schemaAt(path);
  const integer =
    issue.expected === 'int' ||
    (schema instanceof z.ZodNumber && schema.format === 'safeint');
  return integer ? 'integer' : issue.expected;
}

/**
 * Where a problem comes in the order manifest authors have always been given
 * (a JSON Schema validator's): in an object, missing fields first, then
 * unknown ones, then each field's own problems in the schema's order; in a
 * list, its length, then each entry, then repeated entries.
 */
function reportOrder({ path, issue, kind }: Problem): number[] {
  const order = path.flatMap((part, depth) => {
    if (typeof part === 'number') return [1, part];
    const object = schemaAt(path.slice(0, depth));
    const fields =
      object instanceof z.ZodObject ? Object.keys(object.shape) : [];
    const own = depth === path.length - 1;
    let group = 2;
    if (own && kind === 'required') group = 0;
    if (own && kind === 'unknown') group = 1;
    return [group, fields.indexOf(String(part))];
  });
  // The schema's refinements check whole lists, after their entries.
  return issue.code === 'custom' ? [...order, 2] : order;
}

/** Compares orders number by number; a prefix comes first. */
function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** The schema of the field at a path, without its `.optional()`. */
function schemaAt(path: Path): z.core.$ZodType | undefined {
  let schema: z.core.$ZodType | undefined = microAppEntitySchema;
  for (const part of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodObject) schema = schema.shape[String(part)];
    else return undefined;
  }
  return unwrap(schema);
}

function unwrap(schema: z.core.$ZodType | undefined) {
  return schema instanceof z.ZodOptional ? schema.unwrap() : schema;
}

/** `['spec', 'data', 'classifications', 1]` → `spec.data.classifications[1]` */
function fieldPath(path: Path): string {
  return path.reduce<string>(
    (field, part) =>
      typeof part === 'number'
        ? `${field}[${part}]`
        : joinField(field, String(part)),
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
