import type { z } from 'zod';

/**
 * Parses a value read from app-config with a schema whose messages say what
 * is allowed, and throws an Error for the first problem that names its key,
 * e.g. `microapps.models[0].id must be a non-empty string`.
 */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  value: unknown,
  key: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  // An unknown key is itself the key to name.
  const path =
    issue.code === 'unrecognized_keys'
      ? [...issue.path, issue.keys[0]]
      : issue.path;
  const where = path.reduce<string>(
    (at, part) =>
      typeof part === 'number' ? `${at}[${part}]` : `${at}.${String(part)}`,
    key,
  );
  throw new Error(`${where} ${issue.message}`);
}
