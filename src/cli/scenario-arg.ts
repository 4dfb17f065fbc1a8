/** The scenario argument of commands that simulate: load, apply --months, require a fleet, resolve. */
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/resolve.js';
import { parseNumberFlag } from './flags.js';

export function loadFleetScenario(path: string, months?: string): Scenario {
  const m = months === undefined ? undefined : parseNumberFlag('--months', months, { integer: true, min: 1, max: 240 });
  return loadScenario(path, { ...(m !== undefined ? { months: m } : {}), require: ['fleet'] });
}
