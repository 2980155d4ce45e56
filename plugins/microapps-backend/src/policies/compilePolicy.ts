import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  Scalar,
} from 'yaml';
import type { z } from 'zod';
import {
  type PolicyDefinition,
  policyPackSchema,
  policySchema,
  windowSeconds,
} from './policyPackSchema';

/** A problem with a policy file or one of its policies; positions are 1-based. */
export interface PolicyLoadError {
  /** The pack's location (`file:…`, a URL), or `request` for the test bench. */
  location: string;
  policyId?: string;
  /** The field at fault, e.g. `policies[2].when`. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A policy checked and compiled, ready to evaluate. */
export interface CompiledPolicy extends PolicyDefinition {
  location: string;
  windowSeconds: number;
  /** The parsed `when`, type-checked as a bool. */
  condition: ParseResult;
  /** The input fields `when` reads, e.g. `app.tier`, `window.violations["pii_detected"]`. */
  references: string[];
}

interface Compiled {
  policies: CompiledPolicy[];
  errors: PolicyLoadError[];
}

type Path = ReadonlyArray<PropertyKey>;

/** Where a field of the source is: a position in the YAML text, if there is one. */
interface SourceMap {
  positionOf(path: Path, unknownKey?: string): Position | undefined;
  /** The position of an offset within the string at `path` (a `when`). */
  positionIn(path: Path, text: string, offset: number): Position | undefined;
}

interface Position {
  line: number;
  column: number;
}

/** A source without positions: an object sent as JSON. */
const NO_SOURCE: SourceMap = {
  positionOf: () => undefined,
  positionIn: () => undefined,
};

/** Compiles a pack file: every good policy, and an error for each bad one. */
export function compilePack(
  env: Environment,
  location: string,
  text: string,
): Compiled {
  const parsed = parseYaml(location, text);
  if ('error' in parsed) return { policies: [], errors: [parsed.error] };
  const { value, source } = parsed;
  const pack = policyPackSchema.safeParse(value);
  if (!pack.success) {
    return {
      policies: [],
      errors: issuesToErrors(location, pack.error.issues, [], source),
    };
  }
  const result: Compiled = { policies: [], errors: [] };
  const seen = new Set<string>();
  pack.data.policies.forEach((raw, index) => {
    const { policy, errors } = compileOne(env, location, raw, source, [
      'policies',
      index,
    ]);
    result.errors.push(...errors);
    if (!policy) return;
    if (seen.has(policy.id)) {
      result.errors.push({
        location,
        policyId: policy.id,
        path: `policies[${index}].id`,
        ...source.positionOf(['policies', index, 'id']),
        message: `duplicate policy id ${policy.id}: ids must be unique across all packs`,
      });
      return;
    }
    seen.add(policy.id);
    result.policies.push(policy);
  });
  return result;
}

/**
 * Compiles one policy given as YAML text or as an object (the test bench's
 * body); errors name the field and, for text, the line and column.
 */
export function compilePolicySource(
  env: Environment,
  input: unknown,
  location = 'request',
): { policy?: CompiledPolicy; errors: PolicyLoadError[] } {
  if (typeof input === 'string') {
    const parsed = parseYaml(location, input);
    if ('error' in parsed) return { errors: [parsed.error] };
    return compileOne(env, location, parsed.value, parsed.source, []);
  }
  return compileOne(env, location, input, NO_SOURCE, []);
}

function compileOne(
  env: Environment,
  location: string,
  raw: unknown,
  source: SourceMap,
  at: Path,
): { policy?: CompiledPolicy; errors: PolicyLoadError[] } {
  const policyId =
    raw && typeof raw === 'object' && typeof (raw as any).id === 'string'
      ? ((raw as any).id as string)
      : undefined;
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    return {
      errors: issuesToErrors(
        location,
        parsed.error.issues,
        at,
        source,
        policyId,
      ),
    };
  }
  const definition = parsed.data;
  const whenPath = [...at, 'when'];
  const fail = (message: string, offset?: number) => ({
    errors: [
      {
        location,
        policyId,
        path: pathText(whenPath),
        ...(offset === undefined
          ? source.positionOf(whenPath)
          : source.positionIn(whenPath, definition.when, offset) ??
            expressionPosition(definition.when, offset)),
        message,
      },
    ],
  });
  let condition: ParseResult;
  try {
    condition = env.parse(definition.when);
  } catch (error) {
    return fail(celMessage(error), celOffset(error));
  }
  const checked = condition.check();
  if (!checked.valid) {
    return fail(celMessage(checked.error), celOffset(checked.error));
  }
  if (checked.type !== 'bool') {
    return fail(`must be a bool expression, got ${checked.type}`);
  }
  return {
    errors: [],
    policy: {
      ...definition,
      location,
      windowSeconds: windowSeconds(definition.window)!,
      condition,
      references: referencedPaths(condition.ast),
    },
  };
}

/**
 * The input fields an expression reads: each longest member path from `app`
 * or `window`, with a literal map key when there is one.
 */
export function referencedPaths(ast: ASTNode): string[] {
  const found = new Set<string>();
  const pathOf = (node: ASTNode): string | undefined => {
    if (node.op === 'id') {
      return node.args === 'app' || node.args === 'window'
        ? node.args
        : undefined;
    }
    if (node.op === '.' || node.op === '.?') {
      const base = pathOf(node.args[0]);
      return base && `${base}.${node.args[1]}`;
    }
    if (
      (node.op === '[]' || node.op === '[?]') &&
      node.args[1].op === 'value'
    ) {
      const base = pathOf(node.args[0]);
      const key = node.args[1].args;
      return base && typeof key === 'string'
        ? `${base}[${JSON.stringify(key)}]`
        : undefined;
    }
    return undefined;
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!value || typeof value !== 'object' || !('op' in value)) return;
    const node = value as ASTNode;
    const path = pathOf(node);
    if (path) found.add(path);
    else walk(node.args);
  };
  walk(ast);
  return [...found].sort();
}

function parseYaml(
  location: string,
  text: string,
): { value: unknown; source: SourceMap } | { error: PolicyLoadError } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const [problem] = doc.errors;
  if (problem) {
    const at = problem.linePos?.[0];
    return {
      error: {
        location,
        path: '',
        ...(at ? { line: at.line, column: at.col } : {}),
        message: `YAML syntax error: ${problem.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '')}`,
      },
    };
  }
  return { value: doc.toJS(), source: yamlSourceMap(doc, text, lineCounter) };
}

function yamlSourceMap(
  doc: Document,
  text: string,
  lineCounter: LineCounter,
): SourceMap {
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const nodeAt = (path: Path) => {
    // The nearest node that exists: a missing field is reported at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth ? doc.getIn(path.slice(0, depth), true) : doc.contents;
      if (node && typeof node === 'object' && 'range' in node) return node;
    }
    return undefined;
  };
  return {
    positionOf(path, unknownKey) {
      const node = nodeAt(path);
      if (unknownKey && isMap(node)) {
        const pair = node.items.find(
          item => isScalar(item.key) && item.key.value === unknownKey,
        );
        const range = (pair?.key as Scalar | undefined)?.range;
        if (range) return at(range[0]);
      }
      const range = (node as { range?: [number, number, number] })?.range;
      return range ? at(range[0]) : undefined;
    },
    positionIn(path, expression, offset) {
      const node = doc.getIn(path as PropertyKey[], true);
      if (!isScalar(node) || !node.range) return undefined;
      const start = at(node.range[0]);
      const within = expressionPosition(expression, offset);
      if (node.type === Scalar.BLOCK_LITERAL) {
        // The text starts on the line after `|`, at the block's indentation.
        const firstLine = text.split('\n')[start.line] ?? '';
        const indent = firstLine.length - firstLine.trimStart().length;
        return {
          line: start.line + within.line,
          column: indent + within.column,
        };
      }
      const raw = text.slice(node.range[0], node.range[1]);
      if (raw.includes('\n') || node.type === Scalar.BLOCK_FOLDED) {
        return start; // folded text: only where it starts is certain
      }
      const quoted =
        node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      return {
        line: start.line,
        column: start.column + offset + (quoted ? 1 : 0),
      };
    },
  };
}

/** Line and column of an offset within the expression itself. */
function expressionPosition(expression: string, offset: number): Position {
  const before = expression.slice(0, offset).split('\n');
  return {
    line: before.length,
    column: before[before.length - 1].length + 1,
  };
}

function issuesToErrors(
  location: string,
  issues: z.core.$ZodIssue[],
  at: Path,
  source: SourceMap,
  policyId?: string,
): PolicyLoadError[] {
  return issues.map(issue => {
    const path = [...at, ...issue.path];
    const unknownKey =
      issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = pathText(path);
    return {
      location,
      ...(policyId ? { policyId } : {}),
      path: unknownKey ? pathText([...path, unknownKey]) : field,
      ...source.positionOf(path, unknownKey),
      message:
        issue.code === 'invalid_type' && issue.input === undefined
          ? 'is required'
          : issue.message,
    };
  });
}

/** `policies[2].when` from `['policies', 2, 'when']`. */
function pathText(path: Path): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

/** A CEL error's first line ("No such key: nam"), without the source excerpt. */
function celMessage(error: unknown): string {
  const e = error as { summary?: string; message?: string; name?: string };
  const text = e?.summary || e?.message?.split('\n')[0] || String(error);
  return e?.name === 'ParseError' ? `CEL syntax error: ${text}` : text;
}

function celOffset(error: unknown): number | undefined {
  const e = error as { range?: { start: number }; node?: { pos?: number } };
  return e?.range?.start ?? e?.node?.pos;
}
