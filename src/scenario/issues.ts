/**
 * Turns schema-validation issues into the one-line messages tierwise prints:
 * the path, the bad value and what is allowed.
 */
import { z } from 'zod';
import type { InputIssue } from '../errors.js';

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** YAML's spelling of the numbers JSON cannot show (JSON.stringify turns them into null). */
function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  return String(n);
}

/** Shows a value the way the user wrote it, shortened. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'number') text = yamlNumber(value);
  else {
    try {
      text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? yamlNumber(v) : v)) ?? String(value);
    } catch {
      // An alias inside its own anchor makes a cycle; say so rather than fail on it.
      text = Array.isArray(value) ? '[a list that contains itself]' : '{a mapping that contains itself}';
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** "a number", "an integer", "an object". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/**
 * zod reports each failed bound of a value (z.int() has its own safe-integer bounds besides the
 * schema's), which would say one mistake twice: keep the tightest bound per path and direction.
 */
function tightestBounds(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const best = new Map<string, z.core.$ZodIssue>();
  const keyOf = (i: z.core.$ZodIssue) => `${i.code}\u0000${formatPath(i.path)}`;
  for (const i of issues) {
    if (i.code === 'too_big') {
      const prev = best.get(keyOf(i));
      if (!prev || Number((prev as { maximum: unknown }).maximum) > Number(i.maximum)) best.set(keyOf(i), i);
    } else if (i.code === 'too_small') {
      const prev = best.get(keyOf(i));
      if (!prev || Number((prev as { minimum: unknown }).minimum) < Number(i.minimum)) best.set(keyOf(i), i);
    }
  }
  return issues.filter((i) => (i.code !== 'too_big' && i.code !== 'too_small') || best.get(keyOf(i)) === i);
}

/** Unwraps optional/default/nullable/pipe wrappers to reach the schema that holds keys. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) {
      s = s.in as z.ZodType;
    } else return s;
  }
}

/** The keys an object schema at `path` allows, when the schema there is an object. */
function allowedKeys(root: z.ZodType, path: Path): string[] | undefined {
  let s = unwrap(root);
  for (const seg of path) {
    if (s instanceof z.ZodObject) s = unwrap(s.shape[String(seg)] as z.ZodType);
    else if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType as z.ZodType);
    else return undefined;
    if (!s) return undefined;
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean }, dir: 'min' | 'max'): string {
  const v = dir === 'min' ? issue.minimum : issue.maximum;
  const op = dir === 'min' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
  return `${op} ${String(v)}`;
}

/** One InputIssue per zod issue (unknown keys: one per key). */
export function toInputIssues(error: z.ZodError, root: z.ZodType): InputIssue[] {
  const out: InputIssue[] = [];
  for (const issue of tightestBounds(error.issues)) {
    const path = issue.path;
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeys(root, path);
        for (const k of issue.keys) {
          out.push({
            path: formatPath([...path, k]),
            message: `unknown key '${k}'${allowed ? ` (allowed here: ${allowed.join(', ')})` : ''}`,
          });
        }
        break;
      }
      case 'invalid_type': {
        // NaN and ±Infinity (YAML .nan, .inf) are numbers to YAML but not to the schema.
        const nonFinite = typeof input === 'number' && !Number.isFinite(input);
        const expected = issue.expected === 'int' ? 'an integer' : nonFinite ? `a finite ${issue.expected}` : withArticle(issue.expected);
        out.push({
          path: formatPath(path),
          value: input,
          message: input === undefined ? `is required (${expected})` : `expected ${expected}, got ${showValue(input)}`,
        });
        break;
      }
      case 'too_small':
      case 'too_big': {
        const what = issue.origin === 'string' ? 'length' : issue.origin === 'array' ? 'number of items' : 'value';
        const rule = issue.code === 'too_small' ? bound(issue, 'min') : bound(issue, 'max');
        out.push({ path: formatPath(path), value: input, message: `${what} must be ${rule}, got ${showValue(input)}` });
        break;
      }
      case 'invalid_value':
        out.push({
          path: formatPath(path),
          value: input,
          message: `expected ${issue.values.length === 1 ? showValue(issue.values[0]) : `one of ${issue.values.map((v) => String(v)).join(', ')}`}, got ${showValue(input)}`,
        });
        break;
      case 'invalid_format':
        out.push({ path: formatPath(path), value: input, message: `${issue.message}, got ${showValue(input)}` });
        break;
      default:
        out.push({ path: formatPath(path), value: input, message: issue.message });
    }
  }
  return out;
}
