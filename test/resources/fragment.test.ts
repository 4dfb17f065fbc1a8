/**
 * scenarios/fragments/enterprise-resources.yaml is a draft to merge into the enterprise scenario:
 * it must validate as a resources section (on a us-east-1 scenario) and be priceable with the
 * bundled book.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkScenarioPrices } from '../../src/pricing/coverage.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { TINY_FLEET } from '../fleet/helpers.js';

const FRAGMENT = new URL('../../scenarios/fragments/enterprise-resources.yaml', import.meta.url);

describe('the enterprise resources fragment', () => {
  it('validates as a resources section of a us-east-1 scenario, and the bundled book prices it', () => {
    const fragment = parse(readFileSync(FRAGMENT, 'utf8')) as { resources: unknown };
    const base = parse(readFileSync(TINY_FLEET, 'utf8')) as Record<string, unknown>;
    const sc = resolveScenario(parseScenario(stringify({ ...base, region: 'us-east-1', resources: fragment.resources }), 'enterprise.yaml'));
    expect(sc.resources?.ebsSnapshots.map((g) => g.name)).toEqual(['db-servers', 'app-servers-monthly']);
    expect(sc.resources?.ebsSnapshots[0]?.schedule.crossRegionCopy).toEqual({ region: 'eu-west-1', retainCount: 7 });
    expect(sc.resources?.ebsSnapshots[1]?.schedule.archive).toEqual({ retainCount: 12 });
    expect(() => checkScenarioPrices(sc, bundledPriceBook())).not.toThrow();
  });
});
