/**
 * Latin hypercube sampling: with n runs, each parameter's probability range (0, 1) is cut into
 * n equal strata and every stratum is used by exactly one run, in an order shuffled independently
 * per parameter. n runs then cover each parameter's whole range, where n plain random draws
 * would bunch (McKay, Beckman & Conover, Technometrics 21(2), 1979).
 */
import type { Random } from '../fleet/random.js';

/**
 * `runs` × `dims` probabilities: row r holds run r's u for each parameter. Deterministic for a
 * given generator state; a point sits uniformly at random inside its stratum.
 */
export function latinHypercube(runs: number, dims: number, rng: Random): number[][] {
  const out: number[][] = Array.from({ length: runs }, () => new Array<number>(dims).fill(0));
  for (let j = 0; j < dims; j++) {
    const strata = Array.from({ length: runs }, (_, k) => k);
    // Fisher–Yates shuffle: which run gets which stratum of parameter j.
    for (let k = runs - 1; k > 0; k--) {
      const m = Math.floor(rng.next() * (k + 1));
      [strata[k], strata[m]] = [strata[m] as number, strata[k] as number];
    }
    for (let r = 0; r < runs; r++) (out[r] as number[])[j] = ((strata[r] as number) + rng.next()) / runs;
  }
  return out;
}
