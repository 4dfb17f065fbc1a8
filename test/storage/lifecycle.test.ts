import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { classAtK, compileSchedule, lifecycleIssues, validateLifecycle, type LifecycleConfig, type LifecycleRule } from '../../src/storage/lifecycle.js';
import { rule } from './ledger-helpers.js';

const KEY = 'backups/{device}/duplicati-b1.dblock.zip.aes';
const config = (rules: LifecycleRule[], min: LifecycleConfig['minTransitionSize'] = 'all_storage_classes_128K'): LifecycleConfig => ({ rules, minTransitionSize: min });
const big = { key: KEY, sizeBytes: 50 * 2 ** 20 };

describe('lifecycle validation ("Transitioning objects using Amazon S3 Lifecycle")', () => {
  it('names the rule and the field for each problem, all at once', () => {
    const issues = lifecycleIssues(
      config([
        rule('ia-too-soon', [{ days: 7, storageClass: 'STANDARD_IA' }]),
        rule('up-the-waterfall', [
          { days: 10, storageClass: 'DEEP_ARCHIVE' },
          { days: 40, storageClass: 'GLACIER' },
        ]),
        rule('archive-too-close', [
          { days: 30, storageClass: 'STANDARD_IA' },
          { days: 45, storageClass: 'GLACIER' },
        ]),
        rule('nothing', []),
        rule('to-standard', [{ days: 1, storageClass: 'STANDARD' }]),
        rule('exp-early', [{ days: 10, storageClass: 'GLACIER' }], { expirationDays: 5 }),
      ]),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'bucket.lifecycle[0].transitions[0].days: rule \'ia-too-soon\': a transition to STANDARD_IA needs at least 30 days (got 7)',
      "bucket.lifecycle[1].transitions: rule 'up-the-waterfall': DEEP_ARCHIVE (day 10) cannot transition to GLACIER (day 40); allowed from DEEP_ARCHIVE: nothing",
      "bucket.lifecycle[2].transitions: rule 'archive-too-close': the GLACIER transition (day 45) must come at least 30 days after the STANDARD_IA transition (day 30)",
      "bucket.lifecycle[3]: rule 'nothing' has no action (add transitions or an expiration)",
      "bucket.lifecycle[4].transitions[0].storage_class: rule 'to-standard': nothing transitions to STANDARD (allowed: INTELLIGENT_TIERING, STANDARD_IA, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE)",
      "bucket.lifecycle[5].expiration_days: rule 'exp-early': expiration (day 5) must come after the last transition (day 10)",
    ]);
    expect(() => validateLifecycle(config([rule('ia-too-soon', [{ days: 7, storageClass: 'STANDARD_IA' }])]))).toThrow(ScenarioError);
  });

  it('accepts a valid rule set', () => {
    expect(lifecycleIssues(config([rule('ok', [{ days: 30, storageClass: 'STANDARD_IA' }, { days: 60, storageClass: 'DEEP_ARCHIVE' }], { expirationDays: 400 })]))).toEqual([]);
  });
});

describe('lifecycle schedules ("Transitioning objects using Amazon S3 Lifecycle")', () => {
  it('GLACIER beats IA when both are due on the same day', () => {
    const s = compileSchedule(config([rule('a', [{ days: 30, storageClass: 'STANDARD_IA' }]), rule('b', [{ days: 30, storageClass: 'GLACIER' }])]), big, 'STANDARD');
    expect(s.steps.map((x) => x.storageClass)).toEqual(['STANDARD', 'GLACIER']);
  });

  it('expiration beats a transition due the same day or later', () => {
    const s = compileSchedule(config([rule('a', [{ days: 30, storageClass: 'GLACIER' }]), rule('b', [], { expirationDays: 30 })]), big, 'STANDARD');
    expect(s.steps).toHaveLength(1);
    expect(s.expireK).toBe(30);
  });

  it('skips a transition the waterfall forbids from the class reached by then', () => {
    const s = compileSchedule(config([rule('a', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }]), rule('b', [{ days: 30, storageClass: 'STANDARD_IA' }])]), big, 'STANDARD');
    expect(s.steps.map((x) => x.storageClass)).toEqual(['STANDARD', 'DEEP_ARCHIVE']);
    expect(classAtK(s, 0)).toBe('STANDARD');
    expect(classAtK(s, 1)).toBe('DEEP_ARCHIVE');
  });

  it('objects under 128 KiB transition nowhere by default; varies_by_storage_class lets them reach archives', () => {
    const rules = [rule('a', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }])];
    const small = { key: KEY, sizeBytes: 4096 };
    expect(compileSchedule(config(rules), small, 'STANDARD').steps).toHaveLength(1);
    expect(compileSchedule(config(rules, 'varies_by_storage_class'), small, 'STANDARD').steps).toHaveLength(2);
    const ia = [rule('a', [{ days: 30, storageClass: 'STANDARD_IA' }])];
    expect(compileSchedule(config(ia, 'varies_by_storage_class'), small, 'STANDARD').steps).toHaveLength(1);
  });

  it("a rule's own size filter overrides the 128 KiB default", () => {
    const rules = [rule('a', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }], { sizeGreaterThan: 1000 })];
    expect(compileSchedule(config(rules), { key: KEY, sizeBytes: 4096 }, 'STANDARD').steps).toHaveLength(2);
    expect(compileSchedule(config(rules), { key: KEY, sizeBytes: 999 }, 'STANDARD').steps).toHaveLength(1);
  });

  it('prefix filters: a {device} prefix selects that kind of file for every device', () => {
    const rules = [rule('dblocks', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }], { prefix: 'backups/{device}/duplicati-b' })];
    expect(compileSchedule(config(rules), big, 'STANDARD').steps).toHaveLength(2);
    const dindex = { key: 'backups/{device}/duplicati-i1.dindex.zip.aes', sizeBytes: 200 * 1024 };
    expect(compileSchedule(config(rules), dindex, 'STANDARD').steps).toHaveLength(1);
  });

  it('noncurrent actions are separate from current ones', () => {
    const rules = [rule('a', [{ days: 1, storageClass: 'DEEP_ARCHIVE' }], { noncurrentTransitions: [{ days: 30, storageClass: 'GLACIER' }], noncurrentExpirationDays: 90 })];
    const nc = compileSchedule(config(rules), big, 'STANDARD', 'noncurrent');
    expect(nc.steps.map((x) => x.storageClass)).toEqual(['STANDARD', 'GLACIER']);
    expect(nc.expireK).toBe(90);
  });
});
