import { describe, expect, it } from 'vitest';
import { maxLiveVersions } from '../../src/retention/bounds.js';
import { explainDailyRetention } from '../../src/retention/explain.js';
import { compileRetention } from '../../src/retention/rules.js';
import { D, H, rules } from './helpers.js';

const START = Date.parse('2026-01-01T02:00:00Z') / 1000;

describe('maxLiveVersions', () => {
  it('is Infinity for unbounded rules: a U timeframe, keep-all forever, or no rules', () => {
    expect(maxLiveVersions(rules('U:U'), D)).toBe(Infinity);
    expect(maxLiveVersions(rules('7D:1D,U:1M'), D, { partials: false })).toBe(Infinity);
    expect(maxLiveVersions(compileRetention({}), D)).toBe(Infinity);
  });

  it('keep-versions bounds full backups at N, but a streak of partials is unbounded', () => {
    expect(maxLiveVersions(rules(undefined, { keepVersions: 5 }), D, { partials: false })).toBe(5);
    expect(maxLiveVersions(rules(undefined, { keepVersions: 5 }), D)).toBe(Infinity);
    // With a policy as well, the policy still bounds partials.
    expect(maxLiveVersions(rules('7D:U', { keepVersions: 5 }), D)).toBe(9);
  });

  it('keep-time: one version per backup interval over the longest calendar reading plus tolerance', () => {
    // 1M reads as at most 31 days, plus 1 h tolerance: 31 daily versions + the one at age 0.
    expect(maxLiveVersions(rules(undefined, { keepTime: '1M' }), D, { partials: false })).toBe(32);
    expect(maxLiveVersions(rules(undefined, { keepTime: '2D' }), H, { partials: false })).toBe(49);
  });

  it('policy: newest + band 1 + each later band at its spacing (7D:1D,4W:1W,12M:1M daily → 24)', () => {
    // 1 + (7/1 + 1) + ceil(21/7) + ceil(332/30) = 1 + 8 + 3 + 12.
    expect(maxLiveVersions(rules('7D:1D,4W:1W,12M:1M'), D, { partials: false })).toBe(24);
    // Partials could fill each band at the backup spacing: 1 + 8 + 21 + 332.
    expect(maxLiveVersions(rules('7D:1D,4W:1W,12M:1M'), D)).toBe(362);
    // Intervals shorter than the backup spacing do not help.
    expect(maxLiveVersions(rules('7D:1h'), D, { partials: false })).toBe(9);
  });

  it('calendar policies: the sum of the counts, plus the oldest and a partial newest', () => {
    const r = compileRetention({ calendar: { style: 'borg', keepDaily: 7, keepWeekly: 4, keepMonthly: 12 } });
    expect(maxLiveVersions(r, D, { partials: false })).toBe(24);
    expect(maxLiveVersions(r, D)).toBe(25);
  });

  it('rejects a non-positive backup interval', () => {
    expect(() => maxLiveVersions(rules('7D:1D'), 0)).toThrow(RangeError);
  });
});

describe('explainDailyRetention', () => {
  it('under 7D:1D,4W:1W,12M:1M daily versions die at 8, 29 or 361 days; 1 in 35 lives to be a monthly', () => {
    const s = explainDailyRetention(rules('7D:1D,4W:1W,12M:1M'), { startSec: START, windowDays: 700 });
    expect(s.bounded).toBe(true);
    expect(s.lifetimes.map((b) => b.days)).toEqual([8, 29, 361]);
    const [daily, weekly, monthly] = s.lifetimes.map((b) => b.versions);
    // 700 days = 20 cycles of 35 days: 6 of 7 go after the daily band, 4 of 5 weeklies after the weekly band.
    expect(daily).toBe(600);
    expect(weekly).toBe(80);
    expect(monthly).toBe(20);
    expect(s.stillLive).toBe(0);
    // Little's law: mean live versions = births per day × mean lifetime (to within a cycle's edge).
    expect(s.live.mean).toBeCloseTo(s.meanLifetimeDays, 0);
    expect(s.live.min).toBe(20);
    expect(s.live.max).toBe(21);
  });

  it('the run delay moves band edges: retention 20 min after the start drops the 7-day-old version a day earlier', () => {
    const s = explainDailyRetention(rules('7D:1D,4W:1W,12M:1M'), { startSec: START, runDelaySec: 20 * 60, windowDays: 700 });
    expect(s.lifetimes[0]!.days).toBeCloseTo(7 + 20 / 1440, 3);
  });

  it('keep-versions 10: every version lives exactly 10 days', () => {
    const s = explainDailyRetention(rules(undefined, { keepVersions: 10 }), { startSec: START, windowDays: 100 });
    expect(s.lifetimes).toEqual([{ days: 10, versions: 100 }]);
    expect(s.live).toEqual({ min: 10, max: 10, mean: 10 });
  });

  it('rules that keep versions forever are reported as having no steady state', () => {
    const s = explainDailyRetention(rules('7D:U,U:1W'), { startSec: START, windowDays: 70 });
    expect(s.bounded).toBe(false);
    expect(s.stillLive).toBe(10);
    expect(s.lifetimes).toEqual([{ days: 8, versions: 60 }]);
  });
});
