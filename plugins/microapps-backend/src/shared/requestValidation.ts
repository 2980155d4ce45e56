import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses input with a zod schema and turns failures into one InputError
 * whose message names every offending field and what it allows.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  // A message written in the schema wins over describeIssue.
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  const problems: string[] = [];
  const wronglyTyped = new Set<string>();
  for (const issue of result.error.issues) {
    const field = fieldPath(issue.path);
    // zod still measures a value of the wrong type if it has a length (a
    // long string where a list belongs); its type is all there is to say.
    if (wronglyTyped.has(field)) continue;
    if (issue.code === 'invalid_type') wronglyTyped.add(field);
    problems.push(`${field || what}: ${issue.message}`);
  }
  throw new InputError(`Invalid ${what}. ${problems.join('; ')}`);
}

/** `spec.connectors[0].name` from zod's `['spec', 'connectors', 0, 'name']`. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field ? `.${String(part)}` : String(part);
  }
  return field;
}

/**
 * What is wrong, for an issue whose schema has no message of its own, in
 * the words clients have always been given (zod 3's, reworded as before).
 */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      // An enum given something other than a string is the wrong type.
      if (typeof issue.input !== 'string') {
        const allowed = issue.values.map(value => `'${String(value)}'`);
        return wrongType(allowed.join(' | '), issue.input);
      }
      return `must be one of ${issue.values.join(', ')} (got ${JSON.stringify(
        issue.input,
      )})`;
    case 'invalid_type':
      return wrongType(issue.expected, issue.input);
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.inclusive)
        return `String must contain at least ${issue.minimum} character(s)`;
      if (issue.origin === 'array' && issue.inclusive)
        return `Array must contain at least ${issue.minimum} element(s)`;
      if (issue.origin === 'number' && issue.inclusive)
        return `Number must be greater than or equal to ${issue.minimum}`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string' && issue.inclusive)
        return `String must contain at most ${issue.maximum} character(s)`;
      if (issue.origin === 'array' && issue.inclusive)
        return `Array must contain at most ${issue.maximum} element(s)`;
      if (issue.origin === 'number' && issue.inclusive)
        return `Number must be less than or equal to ${issue.maximum}`;
      return undefined;
    default:
      return undefined; // zod's own message
  }
}

function wrongType(expected: string, input: unknown): string {
  return input === undefined
    ? 'is required'
    : `must be ${expected} (got ${typeName(input)})`;
}

/** `string`, `number`, `nan`, `boolean`, `null`, `array`, `object`... */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isNaN(value)) return 'nan';
  return typeof value;
}

/** A query parameter given once, repeated, or comma-separated: `tier=high,medium`. */
export const splitList = (raw: unknown) =>
  raw === undefined
    ? undefined
    : ([] as unknown[])
        .concat(raw)
        .flatMap(value => String(value).split(','))
        .map(value => value.trim())
        .filter(Boolean);
export const listOf = <T extends [string, ...string[]]>(values: T) =>
  z.preprocess(splitList, z.array(z.enum(values)).optional());
export const freeList = z.preprocess(
  splitList,
  z.array(z.string().min(1).max(255)).optional(),
);
export const intParam = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(
    raw => (raw === undefined || raw === '' ? fallback : Number(raw)),
    z
      .number({ error: message })
      // Not .int(): it would stop at the first failure, and refuse integers past 2^53.
      .refine(Number.isInteger, message)
      .min(min, message)
      .max(max, message),
  );
};

/** Free text that reaches the database: no control characters (PostgreSQL refuses NUL). */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
