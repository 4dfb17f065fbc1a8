import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario, type Scenario } from '../../src/scenario/resolve.js';
import { readFileSync } from 'node:fs';

export const TINY_FLEET = new URL('../fixtures/scenarios/tiny-fleet.yaml', import.meta.url);

/** The tiny test fleet, with `edit` applied to the parsed file. */
export function tinyFleet(edit: (f: ReturnType<typeof parseScenario>) => void = () => {}): Scenario {
  const file = parseScenario(readFileSync(TINY_FLEET, 'utf8'), 'tiny-fleet.yaml');
  edit(file);
  return resolveScenario(file);
}
