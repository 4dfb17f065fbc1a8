/**
 * Uncertain parameters: where a scenario file may give a distribution instead of a number
 * (`daily_change_pct: { distribution: triangular, low: 0.5, mode: 1, high: 2 }`), read from the
 * file's plain data before the schema sees it. Each distribution is checked against the range
 * the schema allows that field and replaced by its central value, so every command runs the
 * file as a point scenario; `simulate --uncertainty` and `sensitivity` substitute drawn values
 * instead and validate each drawn scenario with the same schema.
 */
import type { InputIssue } from '../errors.js';
import { centralValue, DISTRIBUTION_KINDS, type Distribution } from '../uncertainty/distributions.js';
import { scenarioSchema } from './schema.js';

/** One parameter given as a distribution. */
export interface UncertainParam {
  /** Dotted path as messages print it: `fleet.profiles[0].daily_change_pct`. */
  readonly path: string;
  readonly segments: readonly (string | number)[];
  readonly distribution: Distribution;
  /** The field takes whole numbers: drawn values are rounded to the nearest integer. */
  readonly integer: boolean;
}

const BEHAVIOUR = 'growth_pct_per_month|daily_change_pct|hot_set_pct|hot_change_share_pct|compression_ratio|files_per_gib|offline_pct';
const LIFECYCLE_DAYS = 'transitions\\[i\\]\\.days|expiration_days|noncurrent_transitions\\[i\\]\\.noncurrent_days|noncurrent_expiration_days';

/**
 * The fields that may be distributions (array indices written `[i]`): what a planner estimates
 * rather than knows — fleet size and behaviour, data sizes, lifecycle days, the number of
 * versions kept, restore rates and the account's other egress. Shares of the fleet (which must
 * add up to 100), the horizon, the seed and the agent's technical options stay numbers.
 */
export const UNCERTAIN_FIELDS: readonly string[] = [
  'fleet.devices',
  'fleet.max_devices',
  'fleet.retire_pct_per_year',
  ...BEHAVIOUR.split('|').flatMap((k) => [`fleet.${k}`, `fleet.profiles[i].${k}`]),
  ...['gib', 'median_gib', 'p90_gib', 'max_gib'].flatMap((k) => [`fleet.protected_data.${k}`, `fleet.profiles[i].protected_data.${k}`]),
  ...LIFECYCLE_DAYS.replaceAll('\\', '').split('|').flatMap((k) => [`bucket.lifecycle[i].${k}`, `replication.lifecycle[i].${k}`]),
  'agent.keep_versions',
  'restores.devices_pct_per_month',
  'restores.lost_database_pct',
  'account.other_egress_gb_per_month',
  'prices.changes.<usage type pattern>',
];

const isUncertainField = (field: string) => UNCERTAIN_FIELDS.includes(field) || /^prices\.changes\.[^.]/.test(field);

const pathText = (segments: readonly (string | number)[]) =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
const fieldOf = (segments: readonly (string | number)[]) => pathText(segments.map((s) => (typeof s === 'number' ? -1 : s))).replaceAll('[-1]', '[i]');

/** The numeric range the schema allows at `segments`, read from the schema itself (one source of truth). */
interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

interface ZodLike {
  readonly _zod: { readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly element?: ZodLike; readonly valueType?: ZodLike; readonly options?: readonly ZodLike[]; readonly shape?: Record<string, ZodLike> } };
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly isInt?: boolean;
}

function schemaRange(segments: readonly (string | number)[]): NumberRange | undefined {
  let node = scenarioSchema as unknown as ZodLike;
  const unwrap = () => {
    while (node._zod.def.innerType) node = node._zod.def.innerType;
  };
  for (const seg of segments) {
    unwrap();
    const def = node._zod.def;
    if (typeof seg === 'number') {
      if (!def.element) return undefined;
      node = def.element;
    } else if (def.type === 'record' && def.valueType) {
      node = def.valueType;
    } else if (def.type === 'union') {
      const option = def.options?.find((o) => o._zod.def.shape?.[seg]);
      if (!option) return undefined;
      node = option._zod.def.shape![seg]!;
    } else {
      const next = def.shape?.[seg];
      if (!next) return undefined;
      node = next;
    }
  }
  unwrap();
  if (node._zod.def.type !== 'number') return undefined;
  return { min: node.minValue ?? -Infinity, max: node.maxValue ?? Infinity, integer: node.isInt ?? false };
}

export interface ExtractedUncertainty {
  /** The file's data with every distribution replaced by its central value. */
  readonly data: unknown;
  readonly params: readonly UncertainParam[];
  readonly issues: readonly InputIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Finds, checks and centres the distributions in a scenario file's plain data. */
export function extractUncertainty(data: unknown): ExtractedUncertainty {
  const params: UncertainParam[] = [];
  const issues: InputIssue[] = [];
  const walk = (value: unknown, segments: (string | number)[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...segments, i]));
    if (!isRecord(value)) return value;
    const field = fieldOf(segments);
    // `protected_data: { distribution: lognormal, … }` is the spread of sizes across the fleet,
    // not an uncertain parameter; its numbers may themselves be distributions.
    if ('distribution' in value && !/(^|\.)protected_data$/.test(field)) {
      const path = pathText(segments);
      if (!isUncertainField(field)) {
        issues.push({ path, value: value.distribution, message: `a distribution is not allowed here; fields that may be uncertain: ${UNCERTAIN_FIELDS.join(', ')}` });
        return value;
      }
      const range = schemaRange(segments);
      if (!range) return value; // left to the schema, which names the field's type
      const parsed = parseDistribution(value, path, range, issues);
      if (!parsed) return value;
      params.push({ path, segments, distribution: parsed, integer: range.integer });
      const centre = centralValue(parsed);
      return range.integer ? Math.round(centre) : centre;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...segments, k])]));
  };
  const centred = walk(data, []);
  return { data: centred, params, issues };
}

const KEYS: Readonly<Record<Distribution['kind'], { required: readonly string[]; optional: readonly string[] }>> = {
  uniform: { required: ['low', 'high'], optional: [] },
  triangular: { required: ['low', 'mode', 'high'], optional: [] },
  normal: { required: ['mean', 'sd'], optional: ['low', 'high'] },
  lognormal: { required: ['median', 'p90'], optional: ['low', 'high'] },
  discrete: { required: ['choices'], optional: ['weights'] },
};

/** One distribution spec → Distribution, or issues (path, value, what is allowed) and undefined. */
function parseDistribution(spec: Record<string, unknown>, path: string, range: NumberRange, issues: InputIssue[]): Distribution | undefined {
  const kind = spec.distribution;
  if (typeof kind !== 'string' || !(DISTRIBUTION_KINDS as readonly string[]).includes(kind)) {
    issues.push({ path: `${path}.distribution`, value: kind, message: `unknown distribution '${String(kind)}' (allowed: ${DISTRIBUTION_KINDS.join(', ')})` });
    return undefined;
  }
  const k = kind as Distribution['kind'];
  const before = issues.length;
  const { required, optional } = KEYS[k];
  for (const key of Object.keys(spec)) {
    if (key !== 'distribution' && !required.includes(key) && !optional.includes(key)) {
      issues.push({ path: `${path}.${key}`, message: `unknown key '${key}' for a ${k} distribution (allowed: ${[...required, ...optional].join(', ')})` });
    }
  }
  for (const key of required) if (!(key in spec)) issues.push({ path, message: `a ${k} distribution needs ${key} (it takes ${required.join(', ')}${optional.length ? `, optionally ${optional.join(', ')}` : ''})` });
  const allowed = `${range.min} to ${range.max}${range.integer ? ', whole numbers' : ''}`;
  const num = (key: string, fallback?: number): number => {
    const v = spec[key];
    if (v === undefined) return fallback ?? NaN;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ path: `${path}.${key}`, value: v, message: `${key} must be a number, got ${JSON.stringify(v)}` });
      return NaN;
    }
    return v;
  };
  const inRange = (key: string, v: number) => {
    if (Number.isFinite(v) && (v < range.min || v > range.max)) issues.push({ path: `${path}.${key}`, value: v, message: `${key} ${v} is outside what this field allows (${allowed})` });
  };
  if (issues.length > before) return undefined;
  let d: Distribution;
  switch (k) {
    case 'uniform': {
      const low = num('low');
      const high = num('high');
      inRange('low', low);
      inRange('high', high);
      if (!(low < high)) issues.push({ path, value: { low, high }, message: `a uniform distribution needs low < high (got low ${low}, high ${high})` });
      d = { kind: k, low, high };
      break;
    }
    case 'triangular': {
      const low = num('low');
      const mode = num('mode');
      const high = num('high');
      inRange('low', low);
      inRange('high', high);
      if (!(low <= mode && mode <= high && low < high)) issues.push({ path, value: { low, mode, high }, message: `a triangular distribution needs low ≤ mode ≤ high and low < high (got low ${low}, mode ${mode}, high ${high})` });
      d = { kind: k, low, mode, high };
      break;
    }
    case 'normal': {
      const mean = num('mean');
      const sd = num('sd');
      const low = num('low', range.min);
      const high = num('high', range.max);
      inRange('mean', mean);
      inRange('low', low);
      inRange('high', high);
      if (!(sd > 0)) issues.push({ path: `${path}.sd`, value: sd, message: `sd must be greater than 0 (got ${sd})` });
      if (!(low <= mean && mean <= high)) issues.push({ path, value: { low, mean, high }, message: `the mean (${mean}) must lie within the truncation bounds low ${low} … high ${high}` });
      d = { kind: k, mean, sd, low, high };
      break;
    }
    case 'lognormal': {
      const median = num('median');
      const p90 = num('p90');
      const low = num('low', Math.max(0, range.min));
      const high = num('high', range.max);
      inRange('median', median);
      inRange('p90', p90);
      inRange('low', low);
      inRange('high', high);
      if (!(median > 0)) issues.push({ path: `${path}.median`, value: median, message: `a lognormal median must be greater than 0 (got ${median})` });
      else if (!(p90 > median)) issues.push({ path: `${path}.p90`, value: p90, message: `p90 (${p90}) must be greater than the median (${median})` });
      if (!(low <= median && median <= high)) issues.push({ path, value: { low, median, high }, message: `the median (${median}) must lie within the truncation bounds low ${low} … high ${high}` });
      d = { kind: k, median, p90, low, high };
      break;
    }
    case 'discrete': {
      const choices = spec.choices;
      const weights = spec.weights;
      if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'number' && Number.isFinite(c))) {
        issues.push({ path: `${path}.choices`, value: choices, message: 'choices must be a non-empty list of numbers' });
        return undefined;
      }
      choices.forEach((c: number, i) => {
        inRange(`choices[${i}]`, c);
        if (range.integer && !Number.isInteger(c)) issues.push({ path: `${path}.choices[${i}]`, value: c, message: `choice ${c} must be a whole number here` });
      });
      if (weights !== undefined && (!Array.isArray(weights) || weights.length !== choices.length || !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w > 0))) {
        issues.push({ path: `${path}.weights`, value: weights, message: `weights must be a list of ${choices.length} positive numbers, one per choice` });
      }
      d = { kind: k, choices: choices as number[], weights: Array.isArray(weights) ? (weights as number[]) : choices.map(() => 1) };
      break;
    }
  }
  return issues.length > before ? undefined : d;
}

/** A copy of `data` with `values[i]` at `params[i]`'s path (rounded for whole-number fields). */
export function substitute(data: unknown, params: readonly UncertainParam[], values: readonly number[]): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  params.forEach((p, i) => {
    let node = copy;
    p.segments.slice(0, -1).forEach((s) => (node = node[s] as Record<string | number, unknown>));
    const v = values[i] as number;
    node[p.segments[p.segments.length - 1] as string | number] = p.integer ? Math.round(v) : v;
  });
  return copy;
}

type JsonNode = Record<string, unknown>;

/** What an editor accepts in place of a number in an uncertain field (checked fully at load). */
const DISTRIBUTION_JSON_SCHEMA: JsonNode = {
  type: 'object',
  description: 'An uncertain value: uniform (low, high), triangular (low, mode, high), normal (mean, sd, optional low/high), lognormal (median, p90, optional low/high) or discrete (choices, optional weights); see docs/uncertainty.md',
  properties: {
    distribution: { type: 'string', enum: [...DISTRIBUTION_KINDS], description: 'Kind of distribution' },
    low: { type: 'number', description: 'Lowest value (uniform, triangular) or truncation bound (normal, lognormal)' },
    high: { type: 'number', description: 'Highest value (uniform, triangular) or truncation bound (normal, lognormal)' },
    mode: { type: 'number', description: 'Most likely value (triangular)' },
    mean: { type: 'number', description: 'Mean (normal)' },
    sd: { type: 'number', exclusiveMinimum: 0, description: 'Standard deviation (normal)' },
    median: { type: 'number', exclusiveMinimum: 0, description: 'Median (lognormal)' },
    p90: { type: 'number', description: '90th percentile, above the median (lognormal)' },
    choices: { type: 'array', items: { type: 'number' }, minItems: 1, description: 'The possible values (discrete)' },
    weights: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, description: 'Relative weight of each choice (discrete; default equal)' },
  },
  required: ['distribution'],
  additionalProperties: false,
};

/** The JSON Schema of scenario files with every uncertain field also accepting a distribution. */
export function withDistributions(schema: JsonNode): JsonNode {
  const copy = structuredClone(schema);
  const widen = (node: JsonNode, keys: readonly string[]): void => {
    const [key, ...rest] = keys;
    if (key === undefined) return;
    const children: JsonNode[] = [];
    const visit = (n: JsonNode) => {
      if (Array.isArray(n.anyOf)) (n.anyOf as JsonNode[]).forEach(visit);
      if (key === '[i]' && n.items) children.push(n.items as JsonNode);
      else if (key === '*' && n.additionalProperties && typeof n.additionalProperties === 'object') children.push(n.additionalProperties as JsonNode);
      else if ((n.properties as Record<string, JsonNode> | undefined)?.[key]) children.push((n.properties as Record<string, JsonNode>)[key]!);
    };
    visit(node);
    for (const child of children) {
      if (rest.length > 0) widen(child, rest);
      else if (child.type === 'number' || child.type === 'integer') {
        const number = { ...child };
        for (const k of Object.keys(child)) delete child[k];
        Object.assign(child, { anyOf: [number, DISTRIBUTION_JSON_SCHEMA] });
      }
    }
  };
  for (const field of UNCERTAIN_FIELDS) {
    const keys = field.replace('<usage type pattern>', '*').replace(/\[i\]/g, '.[i]').split('.');
    widen(copy, keys);
  }
  return copy;
}
