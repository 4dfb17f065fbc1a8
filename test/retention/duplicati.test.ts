import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { replayRetention } from '../../src/retention/replay.js';
import { compileRetention } from '../../src/retention/rules.js';
import { age, D, daily, H, keptAges, NOW, rules } from './helpers.js';

const STANDARD = '7D:1D,4W:1W,12M:1M';

describe('Duplicati --retention-policy (DeleteHandler.cs)', () => {
  it('under 7D:1D,4W:1W,12M:1M with daily backups the monthly versions end up 35 days apart', () => {
    const result = daily(rules(STANDARD), 800);
    const last = result.kept[result.kept.length - 1]!.time;
    const ages = result.kept.map((v) => (last - v.time) / D).reverse();
    const monthly = ages.filter((a) => a > 28);
    expect(monthly.length).toBeGreaterThanOrEqual(9);
    for (let i = 1; i < monthly.length; i++) expect(monthly[i]! - monthly[i - 1]!).toBe(35);
    // Daily band: every day of the last week, then weekly survivors 7 days apart.
    expect(ages.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('the live count stays well below 7 + 4 + 12', () => {
    const result = daily(rules(STANDARD), 800);
    const steady = result.liveAfterRun.slice(400);
    expect(Math.max(...steady)).toBeLessThan(23);
    expect(Math.max(...steady)).toBe(21);
  });

  it('a backup a few seconds earlier than 24 h after the last kept one is deleted (no tolerance)', () => {
    const r = rules('7D:1D');
    // Oldest first: t, t + 24 h − 5 s; the newest (age 0) is set aside.
    expect(keptAges(r, [age(3 * D), age(2 * D + 5), age(0)])).toEqual([3 * D, 0]);
    expect(keptAges(r, [age(3 * D), age(2 * D), age(0)])).toEqual([3 * D, 2 * D, 0]);
  });

  it('start-time jitter of a few seconds halves the daily versions', () => {
    const start = Date.parse('2026-01-01T02:00:00Z') / 1000;
    // Each backup starts 5 s earlier than 24 h after the previous one.
    const runs = Array.from({ length: 30 }, (_, i) => ({ time: start + i * (D - 5) }));
    const kept = replayRetention(rules('7D:1D'), runs).kept;
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(daily(rules('7D:1D'), 30).kept).toHaveLength(8);
  });

  it('bands are the nested age ranges (0, 7D], (7D, 28D], (28D, 360D]', () => {
    // Band 2 keeps only its oldest version (interval 100D); bands 1 and 3 keep everything.
    const r = rules('7D:U,4W:100D,12M:U');
    const ages = [360 * D + 1, 360 * D, 28 * D + 1, 28 * D, 8 * D, 7 * D + 1, 7 * D, 0];
    expect(keptAges(r, ages.map((a) => age(a)))).toEqual([360 * D, 28 * D + 1, 28 * D, 7 * D, 0]);
  });

  it('legacy month lengths: 12M reaches back 365 days, current 12M only 360', () => {
    const versions = [age(365 * D + 1), age(365 * D), age(364 * D), age(0)];
    expect(keptAges(rules('12M:U', {}, 'legacy'), versions)).toEqual([365 * D, 364 * D, 0]);
    expect(keptAges(rules('12M:U'), versions)).toEqual([0]);
    // 1M = 31 days in legacy, 30 days now.
    expect(keptAges(rules('1M:U', {}, 'legacy'), [age(31 * D), age(0)])).toEqual([31 * D, 0]);
    expect(keptAges(rules('1M:U'), [age(31 * D), age(0)])).toEqual([0]);
  });

  it('the newest version is never deleted, even when it is older than every frame', () => {
    const versions = [age(500 * D), age(400 * D)];
    expect(keptAges(rules(STANDARD), versions)).toEqual([400 * D]);
    // --allow-full-removal deletes it when it lies outside every frame …
    expect(keptAges(rules(STANDARD, { allowFullRemoval: true }), versions)).toEqual([]);
    // … but not when it is inside one.
    expect(keptAges(rules(STANDARD, { allowFullRemoval: true }), [age(500 * D), age(1 * D)])).toEqual([1 * D]);
    expect(keptAges(rules('U:1M', { allowFullRemoval: true }), [age(5000 * D)])).toEqual([5000 * D]);
  });

  it('every version older than the largest timeframe is deleted, partial ones too', () => {
    const versions = [age(40 * D, true), age(31 * D), age(29 * D), age(10 * D), age(0)];
    expect(keptAges(rules('30D:U'), versions)).toEqual([29 * D, 10 * D, 0]);
  });

  it('interval U keeps every backup in its band', () => {
    const versions = Array.from({ length: 48 }, (_, i) => age((47 - i) * H));
    expect(keptAges(rules('2D:U'), versions)).toHaveLength(48);
    expect(keptAges(rules('2D:0'), versions)).toHaveLength(48);
    expect(keptAges(rules('2D:1D'), versions)).toEqual([47 * H, 23 * H, 0]);
  });

  it('partial backups inside a band are kept and never become lastKept', () => {
    const r = rules('10D:1D');
    // F, P (+1 h), F (+23 h), F (+24 h): the 24 h spacing is measured from the full one.
    const v = [age(5 * D), age(5 * D - H, true), age(5 * D - 23 * H), age(4 * D), age(0)];
    expect(keptAges(r, v)).toEqual([5 * D, 5 * D - H, 4 * D, 0]);
    // A partial first in the band does not anchor the spacing either.
    const w = [age(5 * D, true), age(5 * D - H), age(5 * D - 2 * H), age(0)];
    expect(keptAges(r, w)).toEqual([5 * D, 5 * D - H, 0]);
  });
});

describe('Duplicati --keep-versions (DeleteHandler.cs)', () => {
  it('keeps the newest N full backups', () => {
    const versions = [age(4 * D), age(3 * D), age(2 * D), age(D), age(0)];
    expect(keptAges(rules(undefined, { keepVersions: 2 }), versions)).toEqual([D, 0]);
  });

  it('keeps partial backups newer than the newest full one and deletes partials with a newer full one (Duplicati PR #3992 cases)', () => {
    const r2 = rules(undefined, { keepVersions: 2 });
    // Oldest first: F P P F P P → the partials between the fulls go, the newest two stay.
    const v = [age(6 * D), age(5 * D, true), age(4 * D, true), age(3 * D), age(2 * D, true), age(D, true)];
    expect(keptAges(r2, v)).toEqual([6 * D, 3 * D, 2 * D, D]);
    // Then a full run: F F P P F → the two fulls newest, everything else deleted.
    expect(keptAges(r2, [age(6 * D), age(3 * D), age(2 * D, true), age(D, true), age(0)])).toEqual([3 * D, 0]);
    // keep-versions 1 with a full then a partial keeps both.
    expect(keptAges(rules(undefined, { keepVersions: 1 }), [age(D), age(0, true)])).toEqual([D, 0]);
  });

  it('deletes nothing while no more than N versions remain', () => {
    const r = rules(undefined, { keepVersions: 3 });
    expect(keptAges(r, [age(2 * D), age(D, true), age(0)])).toEqual([2 * D, D, 0]);
  });
});

describe('Duplicati --keep-time (DeleteHandler.cs)', () => {
  it('deletes versions older than now − X with a tolerance of min(1 % of X, 1 h): 1 h for 90D', () => {
    const r = rules(undefined, { keepTime: '90D' });
    const versions = [age(90 * D + H + 1), age(90 * D + H), age(90 * D + H - 1), age(0)];
    expect(keptAges(r, versions)).toEqual([90 * D + H, 90 * D + H - 1, 0]);
  });

  it('tolerance is 1 % of X when that is under an hour: 2D → 1728 s', () => {
    const r = rules(undefined, { keepTime: '2D' });
    expect(keptAges(r, [age(2 * D + 1729), age(2 * D + 1728), age(0)])).toEqual([2 * D + 1728, 0]);
  });

  it('is calendar-aware: 1M before 2026-03-31 is 2026-02-28 (31 days), not 30 days', () => {
    const now = Date.parse('2026-03-31T00:00:00Z') / 1000;
    const r = rules(undefined, { keepTime: '1M' });
    const at = (iso: string) => ({ time: Date.parse(iso) / 1000 });
    const versions = [at('2026-02-27T22:59:59Z'), at('2026-02-27T23:00:00Z'), at('2026-03-30T00:00:00Z')];
    expect(keptAges(r, versions, now)).toEqual([now - versions[1]!.time, now - versions[2]!.time]);
    expect((now - versions[1]!.time) / D).toBeCloseTo(31 + 1 / 24, 9);
  });

  it('always keeps at least one full backup: recent partials are followed down to the newest full one', () => {
    const r = rules(undefined, { keepTime: '7D' });
    expect(keptAges(r, [age(30 * D), age(20 * D), age(10 * D)])).toEqual([10 * D]);
    expect(keptAges(r, [age(30 * D), age(20 * D), age(10 * D, true), age(D, true)])).toEqual([20 * D, 10 * D, D]);
    expect(keptAges(r, [age(30 * D), age(20 * D), age(D)])).toEqual([D]);
  });
});

describe('combining Duplicati options (DeleteHandler.cs: a union of deletions)', () => {
  it('keep-time and the policy each delete what they would alone', () => {
    const versions = [age(20 * D), age(12 * D), age(8 * D), age(3 * D), age(0)];
    const both = keptAges(rules('U:U', { keepTime: '10D' }), versions);
    expect(both).toEqual([8 * D, 3 * D, 0]);
    // The policy alone deletes the 12-day-old version (10D spacing in the U band); keep-time 30D nothing.
    expect(keptAges(rules('10D:U,U:10D', { keepTime: '30D' }), versions)).toEqual([20 * D, 8 * D, 3 * D, 0]);
  });

  it('keep-versions counts the versions the other rules left, as Duplicati does', () => {
    // Policy deletes the 3-day-old version (5D spacing in band 2); keep-versions 3 then keeps
    // the newest three of the rest, so the 4-day-old one survives.
    const versions = [age(9 * D), age(4 * D), age(3 * D), age(D / 2), age(0)];
    expect(keptAges(rules('1D:U,10D:5D', { keepVersions: 3 }), versions)).toEqual([4 * D, D / 2, 0]);
  });

  it('the newest version survives unless --allow-full-removal, which lets the policy delete it past every frame', () => {
    const versions = [age(30 * D), age(20 * D)];
    expect(keptAges(rules('7D:1D', { keepTime: '7D' }), versions)).toEqual([20 * D]);
    expect(keptAges(rules('7D:1D', { keepTime: '7D', allowFullRemoval: true }), versions)).toEqual([]);
  });

  it('keep-time alone keeps a run of partial versions while no full one exists', () => {
    expect(keptAges(rules(undefined, { keepTime: '7D' }), [age(30 * D, true), age(20 * D, true)])).toEqual([30 * D, 20 * D]);
  });
});

describe('compileRetention validation', () => {
  function issues(o: Parameters<typeof compileRetention>[0], names?: Parameters<typeof compileRetention>[1]): string[] {
    try {
      compileRetention(o, names);
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).lines();
    }
    throw new Error('expected a ScenarioError');
  }

  it('reports every bad option at once, named as the caller names them', () => {
    expect(issues({ keepVersions: 0, keepTime: '5x' }, { keepVersions: 'agent.keep_versions', keepTime: 'agent.keep_time' })).toEqual([
      "agent.keep_versions: expected an integer ≥ 1 (leave it out to keep every version), got '0'",
      "agent.keep_time: unknown unit 'x' in '5x' (units: s m h D W M Y)",
    ]);
    expect(issues({ keepTime: '0D' })).toEqual(["keepTime: duration '0D' must be positive (e.g. 90D, 6M)"]);
  });

  it('rejects calendar policies that keep nothing or are mixed with Duplicati options', () => {
    expect(issues({ calendar: { style: 'borg', keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } })).toEqual([
      'calendar: a calendar policy needs at least one of calendar.keepDaily, calendar.keepWeekly, calendar.keepMonthly above 0',
    ]);
    expect(issues({ keepVersions: 3, calendar: { style: 'restic', keepDaily: 7, keepWeekly: 0, keepMonthly: 1.5 } })).toEqual([
      "calendar.keepMonthly: expected an integer ≥ 0, got '1.5'",
      'calendar: a calendar policy cannot be combined with policy, keepVersions or keepTime (choose one model)',
    ]);
  });

  it('no options at all keeps every version', () => {
    const r = compileRetention({});
    expect(keptAges(r, [age(1000 * D), age(500 * D), age(0)])).toEqual([1000 * D, 500 * D, 0]);
  });

  it('selectDeletions sorts its input and rejects two versions at the same time', () => {
    const r = rules('7D:1D');
    expect(keptAges(r, [age(0), age(3 * D), age(2 * D + 5)])).toEqual([3 * D, 0]);
    expect(() => keptAges(r, [age(0), age(D), age(D)])).toThrow(/same time/);
  });

  it('replayRetention rejects runs out of order', () => {
    expect(() => replayRetention(rules('7D:1D'), [{ time: NOW }, { time: NOW - 1 }])).toThrow(ScenarioError);
  });
});
