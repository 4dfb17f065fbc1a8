/**
 * Loading a scenario: YAML text → validated ScenarioFile, or one ScenarioError that lists every
 * problem in the file, each with its path, line, bad value and what is allowed; and the whole
 * road from a file name to a Scenario ready to simulate (`loadScenario`).
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { ScenarioError, type InputIssue } from '../errors.js';
import { toInputIssues } from './issues.js';
import { resolveScenario, type Scenario } from './resolve.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';
import { extractUncertainty, substitute, type UncertainParam } from './uncertain.js';
import { parseScenarioYaml } from './yaml.js';

/** Parses and validates scenario YAML; `source` names the file in messages. */
export function parseScenario(text: string, source = 'scenario'): ScenarioFile {
  return parseLocated(text, source).file;
}

/** A validated file, and a way to give later issues (from resolving it) their line. */
interface Located {
  readonly file: ScenarioFile;
  readonly locate: (issue: InputIssue) => InputIssue;
  /** The file's plain data with distributions at their central values, and those parameters. */
  readonly data: unknown;
  readonly params: readonly UncertainParam[];
}

function parseLocated(text: string, source: string): Located {
  const { data, doc, lineCounter } = parseScenarioYaml(text, source);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ScenarioError({ path: '', message: 'a scenario file must be a YAML mapping (key: value lines)' }, source);
  }
  const locate = (issue: InputIssue): InputIssue => {
    if (issue.line !== undefined || issue.path === '' || issue.path.startsWith('-')) return issue;
    const segments = issue.path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
    const offset = keyOffset(doc, segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
    return offset === undefined ? issue : { ...issue, line: lineCounter.linePos(offset).line };
  };
  const uncertain = extractUncertainty(data);
  if (uncertain.issues.length > 0) throw new ScenarioError(uncertain.issues.map(locate), source);
  return { file: validate(uncertain.data, source, locate), locate, data: uncertain.data, params: uncertain.params };
}

function validate(data: unknown, source: string, locate: (issue: InputIssue) => InputIssue): ScenarioFile {
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new ScenarioError(toInputIssues(result.error, scenarioSchema).map(locate), source);
}

/**
 * Source offset of the deepest key along `path` that exists in the document: the key itself,
 * or for a missing key the key of its parent, which is where the user has to add it.
 */
function keyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg];
      const range = (node as { range?: [number, number, number] }).range;
      if (range) offset = range[0];
    } else break;
  }
  return offset;
}

/** Reads and validates a scenario file. */
export function loadScenarioFile(path: string): ScenarioFile {
  return parseLocated(readScenarioText(path), path).file;
}

function readScenarioText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw ScenarioError.at(
      code === 'ENOENT' ? `no such file '${path}'` : code === 'EISDIR' ? `'${path}' is a folder, not a scenario file` : `cannot read '${path}' (${code})`,
      'scenario',
      path,
    );
  }
}

/** Sections the schema leaves optional because not every command needs them. */
export type OptionalSection = { [K in keyof ScenarioFile]-?: undefined extends ScenarioFile[K] ? K : never }[keyof ScenarioFile];

const SECTION_HELP: Partial<Record<OptionalSection, string>> = {
  fleet: 'the devices that back up; see scenarios/fleet-deep-archive.yaml',
};

/**
 * Refuses a scenario that lacks a section `purpose` needs (e.g. `fleet` to simulate). Checked
 * per command, not in the schema: other commands read the same files without these sections.
 */
export function requireSections(file: ScenarioFile, sections: readonly OptionalSection[], source: string, purpose: string): void {
  const missing = sections.filter((s) => file[s] === undefined);
  if (missing.length === 0) return;
  throw new ScenarioError(
    missing.map((s) => ({ path: s, message: `a ${s} section is needed to ${purpose}${SECTION_HELP[s] ? ` (${SECTION_HELP[s]})` : ''}` })),
    source,
  );
}

export interface LoadScenarioOptions {
  /** Simulate this many months instead of the file's horizon.months (1–240). */
  readonly months?: number;
  /** Sections that must be present; default `['fleet']`, which `forecast` needs. */
  readonly require?: readonly OptionalSection[];
}

/**
 * Reads, validates and resolves a scenario file: what `forecast` takes. Every problem is a
 * ScenarioError (an InputError) naming the file, line, path, value and what is allowed.
 */
export function loadScenario(path: string, opts: LoadScenarioOptions = {}): Scenario {
  const located = parseLocated(readScenarioText(path), path);
  return resolveLocated(located.file, located.locate, path, opts);
}

function resolveLocated(file: ScenarioFile, locate: (issue: InputIssue) => InputIssue, path: string, opts: LoadScenarioOptions): Scenario {
  if (opts.months !== undefined) {
    const m = opts.months;
    if (!Number.isInteger(m) || m < 1 || m > 240) {
      throw new ScenarioError({ path: 'horizon.months', value: m, message: `months must be an integer from 1 to 240, got ${String(m)}` }, path);
    }
    file.horizon = { ...file.horizon, months: m };
  }
  requireSections(file, opts.require ?? ['fleet'], path, 'simulate');
  try {
    return resolveScenario(file, path);
  } catch (e) {
    // Checks that span fields run after the schema; their issues get the line of their key too.
    if (!(e instanceof ScenarioError)) throw e;
    throw new ScenarioError(e.issues.map(locate));
  }
}

/** A scenario whose parameters may be distributions: the central scenario, and any drawn one. */
export interface UncertainScenario {
  /** Every distribution at its central value: what the other commands run. */
  readonly central: Scenario;
  readonly params: readonly UncertainParam[];
  /**
   * The scenario with `values[i]` for `params[i]`, checked by the same schema and resolution
   * as the file (a drawn combination can break a rule that spans fields, e.g. p90 above median).
   */
  readonly withValues: (values: readonly number[]) => Scenario;
}

/** Reads a scenario file whose parameters may be distributions (see src/scenario/uncertain.ts). */
export function loadUncertainScenario(path: string, opts: LoadScenarioOptions = {}): UncertainScenario {
  const located = parseLocated(readScenarioText(path), path);
  const { locate, data, params } = located;
  return {
    central: resolveLocated(located.file, locate, path, opts),
    params,
    withValues: (values) => resolveLocated(validate(substitute(data, params, values), path, locate), locate, path, opts),
  };
}
