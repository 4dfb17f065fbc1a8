/**
 * The incremental policy pass against the full engine: over random policies and random backup
 * histories (gaps on and just off the intervals, long offline spells, retention run at varying
 * delays), running each after every backup must keep exactly the same versions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../src/retention/engine.js';
import { applyPolicyIncremental, BAND_NEW, supportsIncremental } from '../../src/retention/incremental.js';
import { parseRetentionPolicy } from '../../src/retention/policy.js';
import { compileRetention, type RetentionRules } from '../../src/retention/rules.js';
import { D, H, NOW, rules } from './helpers.js';

const durations = ['1h', '12h', '1D', '2D', '7D', '1W', '10D', '4W', '1M', '3M', '6M', '12M', '1Y'];
const policyRules = fc
  .array(fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...durations) }, { weight: 1, arbitrary: fc.constant('U') }), fc.constantFrom('U', '0', ...durations)), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((pairs) => fc.constantFrom('current' as const, 'legacy' as const).map((m) => compileRetention({ policy: parseRetentionPolicy(pairs.map(([t, i]) => `${t}:${i}`).join(','), m) })));

/** Backups: gaps on the usual intervals or seconds off them, some long; retention `delay` after each start (never before the previous one's). */
const historyArb = fc.array(
  fc.record({
    gap: fc.oneof(fc.constantFrom(D, D - 1, D + 1, D - 900, D + 900, 7 * D, 7 * D - 1, 30 * D), fc.integer({ min: 60, max: 3 * D }), fc.integer({ min: D, max: 120 * D })),
    delay: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * H })),
  }),
  { minLength: 1, maxLength: 300 },
);

/** Runs both after every backup; returns the first run (if any) where the survivors differ. */
function compare(r: RetentionRules, history: readonly { gap: number; delay: number }[]): { run: number; full: number[]; incremental: number[] } | undefined {
  const cap = history.length + 1;
  const full = new Float64Array(cap);
  const partial = new Uint8Array(cap);
  const keep = new Uint8Array(cap);
  const inc = new Float64Array(cap);
  const band = new Uint8Array(cap);
  const deleted = new Int32Array(cap);
  const sizes = new Int32Array(r.frameTimeframe.length);
  let nFull = 0;
  let nInc = 0;
  let t = NOW;
  let lastNow = NOW;
  for (let run = 0; run < history.length; run++) {
    const step = history[run]!;
    // Duplicati runs one operation at a time: a backup starts after the previous run's
    // retention, so retention times never go backwards (the incremental pass relies on it).
    t = Math.max(t + step.gap, lastNow);
    const now = t + step.delay;
    lastNow = now;
    full[nFull++] = t;
    applyRetention(r, full, partial, nFull, now, keep);
    let w = 0;
    for (let k = 0; k < nFull; k++) if (keep[k]) full[w++] = full[k]!;
    nFull = w;

    inc[nInc] = t;
    band[nInc++] = BAND_NEW;
    const n = applyPolicyIncremental(r, inc, band, sizes, 0, 0, nInc, now, deleted);
    let d = 0;
    w = 0;
    for (let k = 0; k < nInc; k++) {
      if (d < n && deleted[d] === k) {
        d++;
        continue;
      }
      inc[w] = inc[k]!;
      band[w++] = band[k]!;
    }
    nInc = w;
    const a = Array.from(full.subarray(0, nFull));
    const b = Array.from(inc.subarray(0, nInc));
    if (a.length !== b.length || a.some((x, k) => x !== b[k])) return { run, full: a, incremental: b };
  }
  return undefined;
}

describe('incremental retention', () => {
  it('keeps exactly what the full pass keeps, run after run (random policies and histories)', () => {
    fc.assert(
      fc.property(policyRules, historyArb, (r, history) => {
        expect(compare(r, history)).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('agrees over three years of daily backups with start jitter under 7D:1D,4W:1W,12M:1M', () => {
    const r = rules('7D:1D,4W:1W,12M:1M');
    // Deterministic jitter of up to ±15 min around 01:00, and a week offline now and then.
    const history = Array.from({ length: 1100 }, (_, k) => ({ gap: k % 97 === 0 ? 8 * D : D + (((k * 7919) % 1801) - 900), delay: 1800 }));
    expect(compare(r, history)).toBeUndefined();
  });

  it('is used only where it is exact', () => {
    expect(supportsIncremental(rules('7D:1D,4W:1W,12M:1M'))).toBe(true);
    expect(supportsIncremental(rules('7D:1D', { keepVersions: 3 }))).toBe(false);
    expect(supportsIncremental(rules('7D:1D', { keepTime: '30D' }))).toBe(false);
    expect(supportsIncremental(rules('7D:1D', { allowFullRemoval: true }))).toBe(false);
    expect(supportsIncremental(rules(undefined, { keepVersions: 3 }))).toBe(false);
    expect(supportsIncremental(compileRetention({ calendar: { style: 'restic', keepDaily: 7, keepWeekly: 4, keepMonthly: 12 } }))).toBe(false);
  });
});
