import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Parses input with a zod schema and turns failures into one InputError
 * whose message names every offending field and what it allows.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    return `${fieldPath(issue.path) || what}: ${describeIssue(issue)}`;
  });
  throw new InputError(`Invalid ${what}. ${problems.join('; ')}`);
}

/** `spec.connectors[0].name` from zod's `['spec', 'connectors', 0, 'name']`. */
function fieldPath(path: ReadonlyArray<string | number>): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else field += field ? `.${part}` : part;
  }
  return field;
}

function describeIssue(issue: z.ZodIssue): string {
  if (isCustomMessage(issue.message)) {
    return issue.message;
  }
  switch (issue.code) {
    case 'invalid_enum_value':
      return `must be one of ${issue.options.join(', ')} (got ${JSON.stringify(
        issue.received,
      )})`;
    case 'invalid_type':
      return issue.received === 'undefined'
        ? 'is required'
        : `must be ${issue.expected} (got ${issue.received})`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** zod's own messages start like these; anything else was written in a schema. */
function isCustomMessage(message: string): boolean {
  return !/^(Required|Expected|Invalid|Unrecognized|Number must|String must|Array must)/.test(
    message,
  );
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
export const intParam = (min: number, max: number, fallback: number) =>
  z.preprocess(
    raw => (raw === undefined || raw === '' ? fallback : Number(raw)),
    z
      .number({
        invalid_type_error: `must be a whole number from ${min} to ${max}`,
      })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`),
  );

/** Free text that reaches the database: no control characters (PostgreSQL refuses NUL). */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
