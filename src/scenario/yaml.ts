/**
 * Scenario YAML text → plain data, refusing what would exhaust memory or the stack instead of
 * crashing: a file larger than any scenario needs, collections nested deeper than any scenario
 * needs (the `yaml` parser recurses per level), and alias expansion beyond `MAX_ALIASES` (the
 * "billion laughs" attack). A syntax error is reported once, at its first occurrence: the
 * parser's further complaints are consequences of it.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { ScenarioError } from '../errors.js';

/** A scenario is a few KiB; a megabyte is far beyond any real one. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Collections nested deeper than this are refused (the schema itself is 5 levels deep). */
export const MAX_NESTING = 64;
/** Alias expansions allowed in one file (yaml's own default, stated so it is documented). */
export const MAX_ALIASES = 100;

export interface ParsedYaml {
  readonly data: unknown;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** Parses `text`; every refusal is one ScenarioError naming `source` and the line. */
export function parseScenarioYaml(text: string, source: string): ParsedYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_BYTES) {
    throw new ScenarioError({ path: '', message: `the file is ${bytes.toLocaleString('en-US')} bytes; a scenario file may be at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes` }, source);
  }
  const lineCounter = new LineCounter();
  const flow = flowNesting(text);
  if (flow.depth > MAX_NESTING) {
    throw new ScenarioError({ path: '', line: lineOf(text, flow.offset), message: `[ ] and { } are nested more than ${MAX_NESTING} levels deep; a scenario needs a few` }, source);
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    // The parser records its own stack overflow as an error; this is for one it does not catch.
    if (!(e instanceof RangeError)) throw e;
    throw new ScenarioError({ path: '', message: `the file is nested too deeply to read (more than ${MAX_NESTING} levels are refused)` }, source);
  }
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new ScenarioError({ path: '', ...(line ? { line } : {}), message: syntaxMessage(doc, first.code, first.pos[0], first.message) }, source);
  }
  const deep = deepestNode(doc);
  if (deep.depth > MAX_NESTING) {
    throw new ScenarioError({ path: '', line: lineCounter.linePos(deep.offset).line, message: `collections are nested more than ${MAX_NESTING} levels deep; a scenario needs a few` }, source);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand too far (and for an alias to nothing).
    if (!(e instanceof ReferenceError)) throw e;
    const excessive = /excessive alias count/i.test(e.message);
    throw new ScenarioError(
      {
        path: '',
        message: excessive
          ? `aliases (*name) expand to more than ${MAX_ALIASES} copies of their anchors; write the values out or use fewer aliases`
          : `YAML alias: ${e.message}`,
      },
      source,
    );
  }
  return { data, doc, lineCounter };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first syntax error, said once; a duplicate key names itself and where it is. */
function syntaxMessage(doc: Document, code: string, offset: number, message: string): string {
  const head = message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
  if (code === 'DUPLICATE_KEY') {
    const where = keyAt(doc, offset);
    if (where) return `key '${where.key}' appears twice${where.parent ? ` in ${where.parent}` : ' at the top level'}; each key may be given once`;
  }
  if (/call stack/i.test(head)) return `the file is nested too deeply to read (more than ${MAX_NESTING} levels are refused)`;
  return `YAML syntax: ${head}`;
}

/** The key whose source starts at `offset`, with the dotted path of the mapping holding it. */
function keyAt(doc: Document, offset: number): { key: string; parent: string } | undefined {
  let found: { key: string; parent: string } | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const parts: string[] = [];
      ancestors.forEach((a, i) => {
        if (isPair(a) && isScalar(a.key)) parts.push(String(a.key.value));
        else if (isSeq(a)) {
          const next = ancestors[i + 1];
          const index = next ? a.items.indexOf(next as never) : -1;
          if (index >= 0) parts.push(`[${index}]`);
        }
      });
      found = { key: String(pair.key.value), parent: parts.join('.').replaceAll('.[', '[') };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Deepest flow nesting (`[` `{`) outside quoted scalars and comments, measured on the text
 * because the parser itself recurses per level. Quotes open only where a scalar can start,
 * so the apostrophe in `it's` is not taken for one.
 */
function flowNesting(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") i++; // '' is an escaped quote
        else quote = undefined;
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    const prev = i === 0 ? '\n' : (text[i - 1] as string);
    if (c === '#' && /\s/.test(prev)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && /[\s[{,:-]/.test(prev)) {
      quote = c;
    } else if (c === '[' || c === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
      }
      if (max > MAX_NESTING) break;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth: max, offset: at };
}

/** Depth of the deepest node (block or flow), walked without recursion. */
function deepestNode(doc: Document): { depth: number; offset: number } {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  let best = { depth: 0, offset: 0 };
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > best.depth) best = { depth, offset: (node as Node).range?.[0] ?? 0 };
      if (depth > MAX_NESTING) break;
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.value, depth: depth + 1 });
          stack.push({ node: item.key, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
    // Aliases need no walk: their anchors are walked where defined, expansion is capped by MAX_ALIASES.
  }
  return best;
}
