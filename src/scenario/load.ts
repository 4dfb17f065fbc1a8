/**
 * Loading a scenario: YAML text → validated ScenarioFile, or one ScenarioError that lists every
 * problem in the file, each with its path, line, bad value and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, type InputIssue } from '../errors.js';
import { toInputIssues } from './issues.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';

/** Parses and validates scenario YAML; `source` names the file in messages. */
export function parseScenario(text: string, source = 'scenario'): ScenarioFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
      source,
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ScenarioError({ path: '', message: 'a scenario file must be a YAML mapping (key: value lines)' }, source);
  }
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues: InputIssue[] = toInputIssues(result.error, scenarioSchema).map((issue) => {
    const segments = issue.path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
    const offset = keyOffset(doc, segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
    return offset === undefined ? issue : { ...issue, line: lineCounter.linePos(offset).line };
  });
  throw new ScenarioError(issues, source);
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
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw ScenarioError.at(code === 'ENOENT' ? `no such file '${path}'` : `cannot read '${path}' (${code})`, 'scenario', path);
  }
  return parseScenario(text, path);
}
