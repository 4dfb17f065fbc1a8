import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { UNCERTAIN_FIELDS, withDistributions } from '../../src/scenario/uncertain.js';

type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; additionalProperties?: Node | boolean; type?: string; description?: string };

/** The nodes at `field` (a path of UNCERTAIN_FIELDS), through every anyOf. */
function at(schema: Node, field: string): Node[] {
  let nodes = [schema];
  for (const key of field.replace('<usage type pattern>', '*').replace(/\[i\]/g, '.[i]').split('.')) {
    const expand = (n: Node): Node[] => [n, ...(n.anyOf ?? []).flatMap(expand)];
    nodes = nodes.flatMap(expand).flatMap((n) => {
      const next = key === '[i]' ? n.items : key === '*' ? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined) : n.properties?.[key];
      return next ? [next] : [];
    });
  }
  return nodes;
}

describe('tierwise schema: uncertain fields accept a distribution', () => {
  const plain = scenarioJsonSchema() as Node;
  const widened = withDistributions(plain) as Node;

  it('every uncertain field is a number or a distribution; other fields are unchanged', () => {
    for (const field of UNCERTAIN_FIELDS) {
      const nodes = at(widened, field);
      expect(nodes.length, field).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(n.anyOf?.map((a) => a.type), field).toEqual([expect.stringMatching(/^(number|integer)$/), 'object']);
        expect(n.anyOf?.[1]?.properties?.distribution?.description).toBe('Kind of distribution');
      }
    }
    expect(at(widened, 'seed')).toEqual(at(plain, 'seed'));
    expect(at(widened, 'fleet.profiles[i].share_pct')).toEqual(at(plain, 'fleet.profiles[i].share_pct'));
  });
});
