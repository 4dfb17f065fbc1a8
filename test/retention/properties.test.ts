/**
 * Properties of the retention engine (newest always kept, idempotent, bounded count; Duplicati's
 * DeleteHandler.cs), checked with fast-check, plus differential checks against the naive oracles
 * in reference.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxLiveVersions } from '../../src/retention/bounds.js';
import { applyRetention, compactVersions } from '../../src/retention/engine.js';
import { parseDurationParts, parseRetentionPolicy, type RetentionPolicy } from '../../src/retention/policy.js';
import { replayRetention, selectDeletions, type BackupRun } from '../../src/retention/replay.js';
import { compileRetention, type RetentionOptions, type RetentionRules } from '../../src/retention/rules.js';
import { D, H, NOW } from './helpers.js';
import { referenceBorg, referenceDuplicati, referenceRestic, type V } from './reference.js';

// ---- generators -------------------------------------------------------------------------

/** Ages that often sit exactly on, or seconds off, day boundaries, where the rules are sharp. */
const ageSec = fc.oneof(
  fc.integer({ min: 0, max: 800 }).map((d) => d * D),
  fc.tuple(fc.integer({ min: 0, max: 800 }), fc.constantFrom(-5, -1, 1, 5, H)).map(([d, o]) => Math.max(0, d * D + o)),
  fc.integer({ min: 0, max: 800 * D }),
);

/** Gaps between consecutive backups that hit the intervals exactly, or miss them by seconds. */
const sharpGap = fc.oneof(
  fc.constantFrom(H, 12 * H, D, D - 5, D + 5, 7 * D, 7 * D - 1, 30 * D, 31 * D),
  fc.integer({ min: 1, max: 3 * D }),
);

/** Ages (seconds before NOW), newest last: scattered, or a walk back from NOW with sharp gaps. */
const agesArb = (maxLength: number) =>
  fc.oneof(
    fc.uniqueArray(ageSec, { minLength: 1, maxLength }).map((ages) => ages.sort((a, b) => b - a)),
    fc.tuple(fc.integer({ min: 0, max: 2 * D }), fc.array(sharpGap, { minLength: 0, maxLength: maxLength - 1 })).map(([first, gaps]) => {
      const ages = [first];
      for (const g of gaps) ages.push(ages[ages.length - 1]! + g);
      return ages.reverse();
    }),
  );

/** Versions before NOW, oldest first, distinct times; ~20 % partial when `partials`. */
const versionsArb = (partials: boolean, maxLength = 40) =>
  agesArb(maxLength).chain((ages) =>
    fc
      .array(partials ? fc.integer({ min: 0, max: 4 }).map((x) => x === 0) : fc.constant(false), {
        minLength: ages.length,
        maxLength: ages.length,
      })
      .map((flags) => ages.map((a, i): V => ({ time: NOW - a, partial: flags[i]! }))),
  );

const durations = ['1h', '12h', '1D', '2D', '7D', '1W', '10D', '4W', '1M', '3M', '6M', '12M', '1Y', '2Y'];
const policyArb: fc.Arbitrary<RetentionPolicy> = fc
  .array(
    fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...durations) }, { weight: 1, arbitrary: fc.constant('U') }), fc.constantFrom('U', '0', ...durations)),
    { minLength: 1, maxLength: 4 },
  )
  .chain((pairs) =>
    fc.constantFrom('current' as const, 'legacy' as const).map((m) => parseRetentionPolicy(pairs.map(([t, i]) => `${t}:${i}`).join(','), m)),
  );

const keepTimeArb = fc.constantFrom('1D', '2D', '7D', '30D', '90D', '1M', '6M', '1Y', '1M4D', '12h');

const duplicatiOptionsArb: fc.Arbitrary<RetentionOptions> = fc
  .record(
    {
      policy: policyArb,
      keepVersions: fc.integer({ min: 1, max: 12 }),
      keepTime: keepTimeArb,
      allowFullRemoval: fc.boolean(),
    },
    { requiredKeys: ['allowFullRemoval'] },
  )
  .map((o) => o as RetentionOptions);

const calendarArb = fc.record({
  style: fc.constantFrom('restic' as const, 'borg' as const),
  keepDaily: fc.integer({ min: 0, max: 10 }),
  keepWeekly: fc.integer({ min: 0, max: 6 }),
  keepMonthly: fc.integer({ min: 0, max: 14 }),
}).filter((c) => c.keepDaily + c.keepWeekly + c.keepMonthly > 0);

const anyOptionsArb: fc.Arbitrary<RetentionOptions> = fc.oneof(
  { weight: 3, arbitrary: duplicatiOptionsArb },
  { weight: 1, arbitrary: calendarArb.map((calendar): RetentionOptions => ({ calendar })) },
);

// ---- helpers ----------------------------------------------------------------------------

function deletedTimes(rules: RetentionRules, versions: readonly V[], now: number): Set<number> {
  return new Set(selectDeletions(rules, versions, now).deleted.map((v) => v.time));
}

function sorted(s: Set<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function referenceFor(o: RetentionOptions, versions: readonly V[], now: number): Set<number> {
  if (o.calendar) {
    const c = o.calendar;
    const counts = [c.keepDaily, c.keepWeekly, c.keepMonthly] as const;
    return c.style === 'restic' ? referenceRestic(counts, versions) : referenceBorg(counts, versions);
  }
  const { keepTime, ...rest } = o;
  const parts = keepTime === undefined ? undefined : parseDurationParts(keepTime).map((p) => [p.count, p.unit] as const);
  return referenceDuplicati({ ...rest, ...(parts && { keepTime: parts }) }, versions, now);
}

/** Random run sequences: gaps of at least `minGap`, some partial, retention `delay` after each start. */
const runsArb = (minGap: number, partials: boolean) =>
  fc.array(
    fc.record({
      gap: fc.oneof(fc.constant(minGap), fc.integer({ min: minGap, max: minGap * 3 }), fc.integer({ min: minGap, max: 40 * D })),
      partial: partials ? fc.integer({ min: 0, max: 5 }).map((x) => x === 0) : fc.constant(false),
    }),
    { minLength: 1, maxLength: 250 },
  ).map((steps) => {
    let t = NOW;
    return steps.map((s): BackupRun => ({ time: (t += s.gap), partial: s.partial }));
  });

// ---- properties -------------------------------------------------------------------------

describe('retention engine properties', () => {
  it('agrees with the naive transcription of Duplicati\'s DeleteHandler.cs rules (Duplicati options, any mix)', () => {
    fc.assert(
      fc.property(duplicatiOptionsArb, versionsArb(true), (o, versions) => {
        const rules = compileRetention(o);
        expect(sorted(deletedTimes(rules, versions, NOW))).toEqual(sorted(referenceFor(o, versions, NOW)));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the naive restic and borg loops (calendar GFS)', () => {
    fc.assert(
      fc.property(calendarArb, versionsArb(true, 80), (calendar, versions) => {
        const rules = compileRetention({ calendar });
        expect(sorted(deletedTimes(rules, versions, NOW))).toEqual(sorted(referenceFor({ calendar }, versions, NOW)));
      }),
      { numRuns: 300 },
    );
  });

  it('the newest version always survives (without --allow-full-removal)', () => {
    fc.assert(
      fc.property(anyOptionsArb, versionsArb(true), fc.integer({ min: 0, max: 400 * D }), (o, versions, later) => {
        const rules = compileRetention({ ...o, allowFullRemoval: false });
        const { kept } = selectDeletions(rules, versions, NOW + later);
        expect(kept[kept.length - 1]?.time).toBe(versions[versions.length - 1]!.time);
      }),
    );
  });

  it('applying the rules twice deletes nothing more (idempotent at the same now)', () => {
    fc.assert(
      fc.property(anyOptionsArb, versionsArb(true), (o, versions) => {
        const rules = compileRetention(o);
        const once = selectDeletions(rules, versions, NOW).kept;
        const twice = selectDeletions(rules, once, NOW);
        expect(twice.deleted).toEqual([]);
      }),
    );
  });

  it('the live count never exceeds maxLiveVersions over replayed runs (full backups only)', () => {
    fc.assert(
      fc.property(anyOptionsArb, fc.constantFrom(H, 6 * H, D, 7 * D), fc.integer({ min: 0, max: 2 * H }), (o, minGap, delay) =>
        fc.assert(
          fc.property(runsArb(minGap, false), (runs) => {
            const rules = compileRetention(o);
            const bound = maxLiveVersions(rules, minGap, { partials: false });
            const live = replayRetention(rules, runs, { runDelaySec: delay }).liveAfterRun;
            expect(Math.max(...live)).toBeLessThanOrEqual(bound);
          }),
          { numRuns: 5 },
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('the live count never exceeds maxLiveVersions with partial backups mixed in', () => {
    fc.assert(
      fc.property(anyOptionsArb, fc.constantFrom(H, D), (o, minGap) =>
        fc.assert(
          fc.property(runsArb(minGap, true), (runs) => {
            const rules = compileRetention(o);
            const live = replayRetention(rules, runs, { runDelaySec: 0 }).liveAfterRun;
            expect(Math.max(...live)).toBeLessThanOrEqual(maxLiveVersions(rules, minGap));
          }),
          { numRuns: 5 },
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('the bound is reached under the worked example (7D:1D,4W:1W,12M:1M, daily): it is not slack by more than a few', () => {
    const rules = compileRetention({ policy: parseRetentionPolicy('7D:1D,4W:1W,12M:1M') });
    const runs = Array.from({ length: 800 }, (_, i) => ({ time: NOW + i * D }));
    const live = Math.max(...replayRetention(rules, runs).liveAfterRun);
    const bound = maxLiveVersions(rules, D, { partials: false });
    expect(live).toBeLessThanOrEqual(bound);
    expect(bound - live).toBeLessThanOrEqual(3);
  });

  it('a keep-all band keeps every version inside it', () => {
    fc.assert(
      fc.property(policyArb, fc.nat(), versionsArb(true), (policy, pick, versions) => {
        const keepAll = policy.frames.map((_, i) => i).filter((i) => policy.frames[i]!.intervalSec === 0);
        fc.pre(keepAll.length > 0);
        const f = keepAll[pick % keepAll.length]!;
        const upper = policy.frames[f]!.timeframeSec;
        const lower = f === 0 ? -Infinity : policy.frames[f - 1]!.timeframeSec;
        const kept = new Set(selectDeletions(compileRetention({ policy }), versions, NOW).kept.map((v) => v.time));
        for (const v of versions) {
          const a = NOW - v.time;
          if (a > lower && a <= upper) expect(kept.has(v.time)).toBe(true);
        }
      }),
    );
  });

  it('partial versions inside the largest frame survive the policy, and never change what happens to full ones', () => {
    fc.assert(
      fc.property(policyArb, versionsArb(true), (policy, versions) => {
        const newest = versions[versions.length - 1]!;
        fc.pre(!newest.partial);
        const rules = compileRetention({ policy });
        const largest = policy.frames[policy.frames.length - 1]!.timeframeSec;
        const deleted = deletedTimes(rules, versions, NOW);
        for (const v of versions) {
          if (v.partial && NOW - v.time <= largest) expect(deleted.has(v.time)).toBe(false);
        }
        const fullsOnly = versions.filter((v) => !v.partial);
        const deletedFulls = sorted(new Set([...deleted].filter((t) => fullsOnly.some((v) => v.time === t))));
        expect(sorted(deletedTimes(rules, fullsOnly, NOW))).toEqual(deletedFulls);
      }),
    );
  });

  it('selectDeletions and the typed-array core agree, and the core reads only the first count entries', () => {
    fc.assert(
      fc.property(anyOptionsArb, versionsArb(true), fc.integer({ min: 0, max: 5 }), (o, versions, extra) => {
        const rules = compileRetention(o);
        const n = versions.length;
        // Junk after `count` (newer times, partial flags, keep flags) must not matter.
        const times = new Float64Array(n + extra).fill(NOW + 10 * D);
        const partial = new Uint8Array(n + extra).fill(1);
        const keep = new Uint8Array(n + extra).fill(7);
        versions.forEach((v, i) => {
          times[i] = v.time;
          partial[i] = v.partial ? 1 : 0;
        });
        const deletedCount = applyRetention(rules, times, partial, n, NOW, keep);
        const viaWrapper = selectDeletions(rules, versions, NOW);
        expect(deletedCount).toBe(viaWrapper.deleted.length);
        const coreKept = versions.filter((_, i) => keep[i] === 1).map((v) => v.time);
        expect(coreKept).toEqual(viaWrapper.kept.map((v) => v.time));
        expect([...keep.subarray(0, n)].every((k) => k === 0 || k === 1)).toBe(true);
        expect([...keep.subarray(n)].every((k) => k === 7)).toBe(true);
      }),
    );
  });

  it('replayRetention equals a hand-written loop of applyRetention + compactVersions', () => {
    fc.assert(
      fc.property(anyOptionsArb, runsArb(H, true), fc.integer({ min: 0, max: 3 * H }), (o, runs, delay) => {
        const rules = compileRetention(o);
        const cap = runs.length;
        const times = new Float64Array(cap);
        const partial = new Uint8Array(cap);
        const keep = new Uint8Array(cap);
        let count = 0;
        for (const run of runs) {
          times[count] = run.time;
          partial[count] = run.partial ? 1 : 0;
          count++;
          applyRetention(rules, times, partial, count, run.time + delay, keep);
          count = compactVersions(times, partial, count, keep);
        }
        const replay = replayRetention(rules, runs, { runDelaySec: delay });
        expect(replay.kept.map((v) => v.time)).toEqual([...times.subarray(0, count)]);
        expect(replay.deleted.length + count).toBe(runs.length);
      }),
    );
  });

  it('runs that uploaded nothing create no version but still run retention', () => {
    const rules = compileRetention({ policy: parseRetentionPolicy('2D:U') });
    const runs: BackupRun[] = [{ time: NOW }, { time: NOW + D }, { time: NOW + 3 * D, uploaded: false }];
    const r = replayRetention(rules, runs);
    // The empty run at +3 D deletes the version from NOW (3 days old); the newest stays.
    expect(r.kept.map((v) => v.time)).toEqual([NOW + D]);
    expect([...r.liveAfterRun]).toEqual([1, 2, 1]);
    expect(r.deleted).toEqual([{ time: NOW, partial: false, deletedAt: NOW + 3 * D }]);
  });
});
