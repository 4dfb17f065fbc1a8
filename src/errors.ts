/**
 * Three kinds of failure, told apart because the CLI treats them differently:
 * bad input (the user can fix it: one line per problem, exit code 2), missing price data
 * (also the user's to fix: every missing key at once, exit code 2), and our own bugs.
 */

/** One problem in the user's input: where it is, what was given, and what is allowed. */
export interface InputIssue {
  /** A dotted path into the scenario (`agent.retention_policy`) or a flag name (`--storage-gib`). */
  readonly path: string;
  /** Says what is wrong and what is allowed. */
  readonly message: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
  /** The file the issue is in, when it comes from a file. */
  readonly source?: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
}

/** Renders an issue as the single line the CLI prints: `file:line: path: message`. */
export function formatIssue(issue: InputIssue): string {
  const where = issue.source ? `${issue.source}${issue.line ? `:${issue.line}` : ''}: ` : '';
  return oneLine(`${where}${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
}

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters escaped (`\n`, `\u0007`): a value or key the user wrote may hold a line
 * break, and one problem must stay one line.
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Base of every error the user can fix; carries all problems found, not just the first. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  /** `source` names the file the issues come from (kept where an issue names its own). */
  constructor(issues: readonly InputIssue[] | InputIssue, source?: string) {
    const given: readonly InputIssue[] = Array.isArray(issues) ? issues : [issues as InputIssue];
    const list = source ? given.map((i) => ({ source, ...i })) : given;
    super(list.map(formatIssue).join('\n'));
    this.name = new.target.name;
    this.issues = list;
  }

  /** One line per problem. */
  lines(): string[] {
    return this.issues.map(formatIssue);
  }
}

/** A scenario file, a CLI flag or another user input is invalid. */
export class ScenarioError extends InputError {
  /** Convenience for the common single-issue case: `new ScenarioError(msg, path, value)`. */
  static at(message: string, path: string, value?: unknown): ScenarioError {
    return new ScenarioError({ path, message, value });
  }
}

/** A key the engine needs to price usage. */
export interface MissingPrice {
  readonly region: string;
  readonly usageType: string;
  readonly operation: string;
}

/** Price data is missing or malformed; lists every missing (usageType, operation, region). */
export class PriceDataError extends InputError {
  readonly missing: readonly MissingPrice[];

  constructor(messageOrMissing: string | readonly MissingPrice[], path = 'prices') {
    const missing = typeof messageOrMissing === 'string' ? [] : messageOrMissing;
    const issues: InputIssue[] =
      typeof messageOrMissing === 'string'
        ? [{ path, message: messageOrMissing }]
        : missing.map((m) => ({
            path,
            message: `no price for usage type '${m.usageType}'${m.operation ? ` operation '${m.operation}'` : ''} in ${m.region}`,
          }));
    super(issues);
    this.missing = missing;
  }
}

/** One of our own invariants broke (e.g. bytes not conserved): a bug, not the user's fault. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`internal invariant broken: ${message}`);
    this.name = 'InvariantError';
  }
}

/** Throws an InvariantError unless `condition` holds. */
export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'string' ? message : message());
}

/** Exit codes: 2 for input the user can fix (as getopt tools do), 70 (EX_SOFTWARE) for our bugs. */
export const EXIT_INPUT = 2;
export const EXIT_INTERNAL = 70;
