import { describe, expect, it } from 'vitest';
import { compileRetention, type CalendarRetention } from '../../src/retention/rules.js';
import { selectDeletions } from '../../src/retention/replay.js';
import { daily } from './helpers.js';

const at = (iso: string, partial = false) => ({ time: Date.parse(iso) / 1000, partial });
const gfs = (style: CalendarRetention['style'], keepDaily: number, keepWeekly: number, keepMonthly: number) =>
  compileRetention({ calendar: { style, keepDaily, keepWeekly, keepMonthly } });
const keptIso = (r: ReturnType<typeof gfs>, versions: { time: number; partial: boolean }[]) =>
  selectDeletions(r, versions, versions[versions.length - 1]!.time).kept.map((v) => new Date(v.time * 1000).toISOString().slice(0, 16));

describe('calendar GFS retention, restic and borg style (restic forget / borg prune documentation, comparison)', () => {
  it('borg keeps 7 + 4 + 12 distinct archives under daily backups', () => {
    const steady = daily(gfs('borg', 7, 4, 12), 800).liveAfterRun.slice(500);
    expect(Math.min(...steady)).toBe(23);
    expect(Math.max(...steady)).toBe(23);
  });

  it('restic lets one snapshot count for several rules, so it keeps fewer', () => {
    const steady = daily(gfs('restic', 7, 4, 12), 800).liveAfterRun.slice(500);
    expect(Math.max(...steady)).toBeLessThan(23);
    // Still at least the monthly rule's 12 distinct months.
    expect(Math.min(...steady)).toBeGreaterThanOrEqual(12);
  });

  it('keeps the newest backup of each calendar day', () => {
    const versions = [
      at('2026-03-01T02:00:00Z'),
      at('2026-03-01T14:00:00Z'),
      at('2026-03-02T02:00:00Z'),
      at('2026-03-02T14:00:00Z'),
      at('2026-03-03T02:00:00Z'),
    ];
    for (const style of ['restic', 'borg'] as const) {
      expect(keptIso(gfs(style, 2, 0, 0), versions)).toEqual(['2026-03-02T14:00', '2026-03-03T02:00']);
    }
  });

  it('weeks are ISO weeks (Monday to Sunday), months are calendar months (UTC)', () => {
    // Sunday 2026-01-04 and Monday 2026-01-05 are in different ISO weeks.
    const versions = [at('2026-01-03T10:00:00Z'), at('2026-01-04T10:00:00Z'), at('2026-01-05T10:00:00Z')];
    expect(keptIso(gfs('restic', 0, 2, 0), versions)).toEqual(['2026-01-04T10:00', '2026-01-05T10:00']);
    const months = [at('2026-01-30T10:00:00Z'), at('2026-01-31T23:59:00Z'), at('2026-02-01T00:01:00Z')];
    expect(keptIso(gfs('borg', 0, 0, 2), months)).toEqual(['2026-01-31T23:59', '2026-02-01T00:01']);
  });

  it('borg: a later rule skips archives an earlier rule kept; restic counts them for both', () => {
    // Three consecutive days in one ISO week (Mon–Wed) and the week before.
    const versions = [at('2026-01-08T10:00:00Z'), at('2026-01-12T10:00:00Z'), at('2026-01-13T10:00:00Z'), at('2026-01-14T10:00:00Z')];
    expect(keptIso(gfs('restic', 1, 1, 0), versions)).toEqual(['2026-01-14T10:00']);
    // borg's weekly rule finds this week taken by the daily rule and keeps the week before.
    expect(keptIso(gfs('borg', 1, 1, 0), versions)).toEqual(['2026-01-08T10:00', '2026-01-14T10:00']);
  });

  it('both keep the oldest backup while a rule is short of its count (restic ≥ 0.17, borg)', () => {
    const versions = [at('2026-03-01T02:00:00Z'), at('2026-03-02T02:00:00Z'), at('2026-03-03T02:00:00Z')];
    for (const style of ['restic', 'borg'] as const) {
      expect(keptIso(gfs(style, 0, 0, 12), versions)).toEqual(['2026-03-01T02:00', '2026-03-03T02:00']);
    }
  });

  it('partial backups (borg checkpoints) never count and survive only as the newest version', () => {
    const versions = [at('2026-03-01T02:00:00Z'), at('2026-03-02T02:00:00Z'), at('2026-03-02T09:00:00Z', true), at('2026-03-03T02:00:00Z', true)];
    for (const style of ['restic', 'borg'] as const) {
      expect(keptIso(gfs(style, 7, 0, 0), versions)).toEqual(['2026-03-01T02:00', '2026-03-02T02:00', '2026-03-03T02:00']);
    }
  });
});
