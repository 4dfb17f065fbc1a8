/** The published JSON Schema: what editors show while a scenario is typed. */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/retention/policy.js';
import { DURATION_PATTERN, MONTH_PATTERN, scenarioJsonSchema } from '../../src/scenario/schema.js';
import { parseMonthKey } from '../../src/units.js';

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; description?: string; pattern?: string };

/** Every property of every object in the schema, with its dotted path. */
function properties(s: JsonSchema, path = ''): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push([`${path}${k}`, v], ...properties(v, `${path}${k}.`));
  if (s.items) out.push(...properties(s.items, `${path}[].`));
  for (const alt of s.anyOf ?? []) out.push(...properties(alt, path));
  return out;
}

describe('scenario JSON Schema', () => {
  const schema = scenarioJsonSchema() as JsonSchema;
  const props = properties(schema);

  it('describes every key', () => {
    expect(props.length).toBeGreaterThan(60);
    expect(props.filter(([, p]) => !p.description).map(([path]) => path)).toEqual([]);
  });

  it('gives months and durations a pattern that agrees with the parsers', () => {
    const byPath = new Map(props);
    expect(byPath.get('horizon.start_month')?.pattern).toBe(MONTH_PATTERN);
    expect(byPath.get('agent.keep_time')?.pattern).toBe(DURATION_PATTERN);
    for (const m of ['2027-01', '2027-12', '1999-06']) expect([new RegExp(MONTH_PATTERN).test(m), parseMonthKey(m) !== undefined]).toEqual([true, true]);
    for (const m of ['2027-13', '2027-00', '2027-1', '27-01']) expect([new RegExp(MONTH_PATTERN).test(m), parseMonthKey(m) !== undefined]).toEqual([false, false]);
    for (const d of ['90D', '1Y6M', '3600', '2W']) {
      expect(new RegExp(DURATION_PATTERN).test(d)).toBe(true);
      expect(parseDuration(d)).toBeGreaterThan(0);
    }
    for (const d of ['90d', '1 Y', '-5D', 'D']) expect(new RegExp(DURATION_PATTERN).test(d)).toBe(false);
  });

  it('states the range of every number', () => {
    const numbers = props.filter(([, p]) => (p as { type?: string }).type === 'number' || (p as { type?: string }).type === 'integer');
    expect(numbers.length).toBeGreaterThan(30);
    const unbounded = numbers.filter(([, p]) => {
      const q = p as { maximum?: number; exclusiveMaximum?: number; const?: number };
      return q.const === undefined && q.maximum === undefined && q.exclusiveMaximum === undefined;
    });
    expect(unbounded.map(([path]) => path)).toEqual([]);
  });
});
