import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { formatMoney, formatNumber, formatQuantity, formatRate } from '../../src/report/money.js';

describe('formatMoney', () => {
  it('dollars with thousands separators, rounded half up to cents', () => {
    expect(formatMoney(new Dec('1215'))).toBe('$1,215.00');
    expect(formatMoney(new Dec('134.5489125'))).toBe('$134.55');
    expect(formatMoney(new Dec('0.005'))).toBe('$0.01');
    expect(formatMoney(new Dec('0.00499999'))).toBe('$0.00');
    expect(formatMoney(new Dec('1234567.891'))).toBe('$1,234,567.89');
  });

  it('puts the sign before the dollar and never prints "-$0.00"', () => {
    expect(formatMoney(new Dec('-0.5'))).toBe('-$0.50');
    expect(formatMoney(new Dec('-0.001'))).toBe('$0.00');
  });

  it('keeps precision beyond float64 (no float on the way)', () => {
    expect(formatMoney(new Dec('90071992547409.935'))).toBe('$90,071,992,547,409.94');
  });

  it('other decimal counts on request', () => {
    expect(formatMoney(new Dec('0.0000025'), 7)).toBe('$0.0000025');
  });
});

describe('formatNumber / formatQuantity', () => {
  it('groups thousands and trims trailing zeros', () => {
    expect(formatQuantity(52900)).toBe('52,900');
    expect(formatQuantity(0.015625)).toBe('0.015625');
    expect(formatQuantity(1700.5)).toBe('1,700.5');
    expect(formatQuantity(22.58064516129032)).toBe('22.580645');
    expect(formatNumber('1234.5', { maxDecimals: 2, minDecimals: 2 })).toBe('1,234.50');
  });
});

describe('formatRate', () => {
  it('per GB-Mo as the Price List has it, requests and objects per 1,000 as the pricing page has them', () => {
    expect(formatRate(new Dec('0.0230000000'), 'GB-Mo')).toBe('$0.023');
    expect(formatRate(new Dec('0.0000050000'), 'Requests')).toBe('$0.005 per 1,000');
    expect(formatRate(new Dec('0.0001'), 'Requests')).toBe('$0.10 per 1,000');
    expect(formatRate(new Dec('0.0000025'), 'Objects')).toBe('$0.0025 per 1,000');
    expect(formatRate(new Dec('0'), 'GB')).toBe('$0.00');
  });
});
