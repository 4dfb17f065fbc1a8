/**
 * Distributions an uncertain scenario parameter may follow, each given by its quantile function
 * (inverse CDF): a Latin hypercube draws stratified probabilities u in (0, 1) and maps each
 * through the quantile, so every kind is sampled the same way. All maths here is float64: these
 * are scenario parameters (percentages, sizes, counts), never money.
 */

export type Distribution =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'triangular'; readonly low: number; readonly mode: number; readonly high: number }
  /** Normal, truncated to [low, high] (the parameter's own bounds unless the file narrows them). */
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number; readonly low: number; readonly high: number }
  /** Lognormal given by its median and 90th percentile (as fleet sizes are), truncated to [low, high]. */
  | { readonly kind: 'lognormal'; readonly median: number; readonly p90: number; readonly low: number; readonly high: number }
  /** One of `choices`, with probabilities proportional to `weights` (equal when not given). */
  | { readonly kind: 'discrete'; readonly choices: readonly number[]; readonly weights: readonly number[] };

export const DISTRIBUTION_KINDS = ['uniform', 'triangular', 'normal', 'lognormal', 'discrete'] as const;

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2815515655446004;

/**
 * Standard normal CDF, from the complementary error function (W. J. Cody's rational
 * approximation as in Numerical Recipes' erfc, |error| < 1.2e-7) — ample for drawing parameters.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Standard normal quantile (P. J. Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < lowTail) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lowTail) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Quantile of N(0,1) truncated to [zLow, zHigh] at probability u. */
function truncatedStdNormal(u: number, zLow: number, zHigh: number): number {
  const lo = normalCdf(zLow);
  const hi = normalCdf(zHigh);
  const z = normalQuantile(lo + u * (hi - lo));
  return Math.min(zHigh, Math.max(zLow, z));
}

/** The value of `d` at cumulative probability `u` in [0, 1]. */
export function quantile(d: Distribution, u: number): number {
  switch (d.kind) {
    case 'uniform':
      return d.low + u * (d.high - d.low);
    case 'triangular': {
      const { low, mode, high } = d;
      const split = (mode - low) / (high - low);
      return u <= split ? low + Math.sqrt(u * (high - low) * (mode - low)) : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    }
    case 'normal':
      // Clamped: mean + sd·z rounds, and z at a bound can land one ulp outside [low, high].
      return Math.min(d.high, Math.max(d.low, d.mean + d.sd * truncatedStdNormal(u, (d.low - d.mean) / d.sd, (d.high - d.mean) / d.sd)));
    case 'lognormal': {
      const mu = Math.log(d.median);
      const sigma = (Math.log(d.p90) - mu) / Z90;
      const zLow = d.low > 0 ? (Math.log(d.low) - mu) / sigma : -Infinity;
      const zHigh = (Math.log(d.high) - mu) / sigma;
      return Math.min(d.high, Math.max(d.low, Math.exp(mu + sigma * truncatedStdNormal(u, zLow, zHigh))));
    }
    case 'discrete': {
      const total = d.weights.reduce((a, w) => a + w, 0);
      let acc = 0;
      for (let i = 0; i < d.choices.length; i++) {
        acc += (d.weights[i] as number) / total;
        if (u < acc) return d.choices[i] as number;
      }
      return d.choices[d.choices.length - 1] as number;
    }
  }
}

/**
 * The value a deterministic run uses: the mode of a triangular (the "most likely" an estimator
 * writes down), the median of every other continuous kind (for uniform and an untruncated
 * normal, also the mean), and the weighted median of a discrete choice (a value that exists).
 */
export function centralValue(d: Distribution): number {
  return d.kind === 'triangular' ? d.mode : quantile(d, 0.5);
}

/** The swing a one-at-a-time sensitivity uses: the 10th and 90th percentiles. */
export function swingRange(d: Distribution): { readonly low: number; readonly high: number } {
  return { low: quantile(d, 0.1), high: quantile(d, 0.9) };
}

/** Plain-text description for reports: "triangular(0.5, 1, 2)". */
export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
      return `uniform(${d.low}, ${d.high})`;
    case 'triangular':
      return `triangular(${d.low}, ${d.mode}, ${d.high})`;
    case 'normal':
      return `normal(mean ${d.mean}, sd ${d.sd})`;
    case 'lognormal':
      return `lognormal(median ${d.median}, p90 ${d.p90})`;
    case 'discrete':
      return `choice(${d.choices.join(', ')})`;
  }
}
