/**
 * `--sample <n>` and `--sample-seed <n>`: a sampled run instead of the full one (simulate, and each
 * run of --uncertainty and sensitivity), checked before any simulation.
 */
import { ScenarioError } from '../errors.js';
import { minimumSample, type SampleOptions } from '../fleet/sample.js';
import { scenarioSlots } from '../fleet/shard.js';
import type { Scenario } from '../scenario/resolve.js';
import { parseNumberFlag } from './flags.js';
import type { CliIO } from './io.js';

export interface SampleFlags {
  readonly sample?: string | undefined;
  readonly sampleSeed?: string | undefined;
}

export const SAMPLE_HELP = 'estimate the fleet from a stratified sample of n devices (fleet slots), with ± one standard error; see the README';
export const SAMPLE_SEED_HELP = "seed of the sample's draw (default: the scenario's seed)";

/**
 * n an integer from the design's minimum to the fleet's size; n equal to the fleet's size is the
 * full run (said on standard error). A sampled run cannot carry bucket.initial_inventory: the
 * objects already in the bucket are not a sample and must not be scaled.
 */
export function sampleFlags(io: CliIO, sc: Scenario, opts: SampleFlags): SampleOptions | undefined {
  if (opts.sample === undefined) {
    if (opts.sampleSeed !== undefined) throw ScenarioError.at('it seeds the draw of --sample <n>, which is not given', '--sample-seed', opts.sampleSeed);
    return undefined;
  }
  const fleetDevices = scenarioSlots(sc).length;
  const least = Math.min(fleetDevices, minimumSample(sc.fleet!));
  const devices = Number(opts.sample);
  if (!(Number.isInteger(devices) && devices >= least && devices <= fleetDevices)) {
    throw ScenarioError.at(`expected a whole number of devices from ${least} (2 per profile) to ${fleetDevices} (the fleet), got '${opts.sample}'`, '--sample', opts.sample);
  }
  const seed = opts.sampleSeed === undefined ? undefined : parseNumberFlag('--sample-seed', opts.sampleSeed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  if (devices === fleetDevices) {
    io.stderr.write(`--sample ${devices} is the whole fleet: running it in full\n`);
    return undefined;
  }
  if (sc.bucket.initialInventory) {
    throw ScenarioError.at(`a sampled run cannot start from bucket.initial_inventory (${sc.bucket.initialInventory.shown}): the objects already in the bucket are not a sample; run in full`, '--sample', opts.sample);
  }
  return { devices, ...(seed !== undefined ? { seed } : {}) };
}
