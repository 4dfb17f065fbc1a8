/** The scenario argument of commands that simulate: load, apply --months, check it has a fleet, resolve. */
import { ScenarioError } from '../errors.js';
import { loadScenarioFile } from '../scenario/load.js';
import { resolveScenario, type Scenario } from '../scenario/resolve.js';
import { parseNumberFlag } from './flags.js';

export function loadFleetScenario(path: string, months?: string): Scenario {
  const file = loadScenarioFile(path);
  if (months !== undefined) file.horizon = { ...file.horizon, months: parseNumberFlag('--months', months, { integer: true, min: 1, max: 240 }) };
  if (!file.fleet) throw ScenarioError.at('a fleet section is needed to simulate (see scenarios/fleet-deep-archive.yaml)', 'fleet', undefined);
  return resolveScenario(file, path);
}
