import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatRetentionPolicy,
  parseDuration,
  parseDurationParts,
  parseRetentionPolicy,
  PolicySyntaxError,
} from '../../src/retention/policy.js';

const D = 86_400;

function syntaxError(text: string, monthLengths: 'current' | 'legacy' = 'current'): string {
  try {
    parseRetentionPolicy(text, monthLengths);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicySyntaxError);
    return (e as Error).message;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('retention policy syntax (Duplicati --retention-policy, Utility/Timeparser.cs)', () => {
  it('parses timeframe:interval pairs and sorts them by timeframe, smallest first', () => {
    const p = parseRetentionPolicy('12M:1M,7D:1D,4W:1W');
    expect(p.frames).toEqual([
      { timeframeSec: 7 * D, intervalSec: D },
      { timeframeSec: 28 * D, intervalSec: 7 * D },
      { timeframeSec: 360 * D, intervalSec: 30 * D },
    ]);
  });

  it('every unit, case-sensitive (m minutes, M months), a bare number is seconds', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('2h')).toBe(7_200);
    expect(parseDuration('3D')).toBe(3 * D);
    expect(parseDuration('2W')).toBe(14 * D);
    expect(parseDuration('1M')).toBe(30 * D);
    expect(parseDuration('1Y')).toBe(365 * D);
    expect(parseDuration('3600')).toBe(3_600);
  });

  it('composites such as 1M4D add up, kept in the order written', () => {
    expect(parseDuration('1M4D')).toBe(34 * D);
    expect(parseDuration('1D12h30m')).toBe(D + 12 * 3600 + 1800);
    expect(parseDurationParts('1M4D')).toEqual([
      { count: 1, unit: 'M' },
      { count: 4, unit: 'D' },
    ]);
  });

  it('current lengths M = 30 D, Y = 365 D, so 12M = 360 days', () => {
    expect(parseDuration('12M')).toBe(360 * D);
  });

  it('legacy (≤ 2.1.0.5) calendar lengths from year 1: 1M = 31 d, 3M = 90 d, 6M = 181 d, 12M = 365 d, 1Y = 365 d', () => {
    const days = (t: string) => parseDuration(t, 'legacy') / D;
    expect([days('1M'), days('3M'), days('6M'), days('12M'), days('1Y')]).toEqual([31, 90, 181, 365, 365]);
    expect(days('1M4D')).toBe(35);
    expect(parseRetentionPolicy('12M:1M', 'legacy').frames).toEqual([{ timeframeSec: 365 * D, intervalSec: 31 * D }]);
  });

  it('timeframe U is unlimited; interval U or ≤ 0 keeps every backup', () => {
    expect(parseRetentionPolicy('U:U').frames).toEqual([{ timeframeSec: Infinity, intervalSec: 0 }]);
    expect(parseRetentionPolicy('7D:0s,30D:-1D').frames.map((f) => f.intervalSec)).toEqual([0, 0]);
    expect(parseRetentionPolicy('U:1M,7D:U').frames).toEqual([
      { timeframeSec: 7 * D, intervalSec: 0 },
      { timeframeSec: Infinity, intervalSec: 30 * D },
    ]);
  });

  it('sorts two U timeframes without reordering them', () => {
    expect(parseRetentionPolicy('U:1D,U:U').frames.map((f) => f.intervalSec)).toEqual([D, 0]);
  });

  it('anything else is an error that names the bad part and what is allowed', () => {
    expect(syntaxError('7D')).toBe("'7D' in '7D' is not a timeframe:interval pair (missing ':'; e.g. 7D:1D)");
    expect(syntaxError('7D:1D:2D')).toMatch(/more than one ':'/);
    expect(syntaxError('7d:1D')).toBe("unknown unit 'd' in '7d:1D' (units: s m h D W M Y)");
    expect(syntaxError('7D:1X')).toBe("unknown unit 'X' in '7D:1X' (units: s m h D W M Y)");
    expect(syntaxError('')).toMatch(/^empty retention policy/);
    expect(syntaxError('7D:1D,,4W:1W')).toMatch(/^empty pair/);
    expect(syntaxError(':1D')).toBe("empty duration in ':1D'");
    expect(syntaxError('7D:')).toBe("empty duration in '7D:'");
    expect(syntaxError('D:1D')).toMatch(/^cannot read 'D'/);
    expect(syntaxError('0D:1D')).toMatch(/must be positive/);
    expect(syntaxError('7D :1D')).toMatch(/^unexpected space/);
    expect(syntaxError('1U:1D')).toMatch(/unknown unit 'U'/);
    expect(syntaxError(`${'9'.repeat(400)}D:1D`)).toMatch(/too large/);
  });

  describe('properties', () => {
    const unit = fc.constantFrom('s', 'm', 'h', 'D', 'W', 'M', 'Y');
    const duration = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 500 }), unit), { minLength: 1, maxLength: 3 })
      .map((parts) => parts.map(([n, u]) => `${n}${u}`).join(''));
    const pair = fc.tuple(fc.oneof(duration, fc.constant('U')), fc.oneof(duration, fc.constant('U'), fc.constant('0')));
    const policyText = fc.array(pair, { minLength: 1, maxLength: 5 }).map((ps) => ps.map(([t, i]) => `${t}:${i}`).join(','));

    it('format ∘ parse round-trips: the formatted policy parses to the same frames', () => {
      fc.assert(
        fc.property(policyText, fc.constantFrom('current' as const, 'legacy' as const), (text, months) => {
          const p = parseRetentionPolicy(text, months);
          expect(parseRetentionPolicy(formatRetentionPolicy(p)).frames).toEqual(p.frames);
        }),
      );
    });

    it('frames come out sorted by timeframe, one per pair', () => {
      fc.assert(
        fc.property(policyText, (text) => {
          const frames = parseRetentionPolicy(text).frames;
          expect(frames).toHaveLength(text.split(',').length);
          for (let i = 1; i < frames.length; i++) expect(frames[i]!.timeframeSec).toBeGreaterThanOrEqual(frames[i - 1]!.timeframeSec);
        }),
      );
    });
  });
});
