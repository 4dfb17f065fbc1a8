/**
 * Hand-computed cases for every storage class through `estimate`'s usage builder and pricing,
 * with the bundled us-east-1 prices (AWS Price List / S3 pricing page). Sizes are powers of two so
 * each quantity is exact; each expected cost is worked out in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/pricing/decimal.js';
import { price } from '../../src/pricing/price.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { checkSteadyState, objectCount, steadyStateUsage, type SteadyStateInput } from '../../src/usage/steady-state.js';

const book = bundledPriceBook();
type Row = [usageType: string, operation: string, cause: string, quantity: number, cost: string];

function run(input: Partial<SteadyStateInput> & Pick<SteadyStateInput, 'storageClass'>) {
  const usage = steadyStateUsage({ region: 'us-east-1', month: '2026-03', storageGiB: 0, avgObjectKiB: 1024, ...input });
  const rows = (lines: typeof usage.monthly): Row[] => {
    const bill = price(lines, book);
    expect(bill.totals.total.eq(sum(bill.lines.map((l) => l.cost)))).toBe(true);
    return bill.lines.map((l) => [l.usage.usageType, l.usage.operation, l.usage.cause, l.usage.quantity, l.cost.toString()]);
  };
  const total = (r: Row[]) => sum(r.map((x) => new Dec(x[4]))).toString();
  const monthly = rows(usage.monthly);
  const oneTime = rows(usage.oneTime);
  return { objects: usage.objects, notes: usage.notes, monthly, oneTime, monthlyTotal: total(monthly), oneTimeTotal: total(oneTime) };
}

describe('objectCount', () => {
  it('is storage ÷ average size, rounded up, in decimal (0.1 GiB of 0.1 KiB objects is exactly 1,048,576)', () => {
    expect(objectCount(1024, 51_200)).toBe(20_972); // 1,073,741,824 KiB ÷ 51,200 = 20,971.52
    expect(objectCount(0.1, 0.1)).toBe(1_048_576);
    expect(objectCount(0, 64)).toBe(0);
  });
});

describe('steady-state usage priced, hand-computed per class (us-east-1, bundled prices)', () => {
  it('STANDARD: storage, PUT, GET, LIST (at the PUT rate), one-time PUT of every object', () => {
    const r = run({ storageClass: 'STANDARD', storageGiB: 1024, putRequests: 10_000, getRequests: 100_000, listRequests: 1_000, arrival: 'put' });
    expect(r.objects).toBe(1_048_576); // 1 TiB of 1 MiB objects
    expect(r.monthly).toEqual([
      ['TimedStorage-ByteHrs', '', 'storage', 1024, '23.552'], // 1,024 × 0.023
      ['Requests-Tier1', '', 'put', 10_000, '0.05'], // 10,000 × 0.005 / 1,000
      ['Requests-Tier2', '', 'get', 100_000, '0.04'], // 100,000 × 0.0004 / 1,000
      ['Requests-Tier1', '', 'list', 1_000, '0.005'], // LIST billed as Tier1
    ]);
    expect(r.monthlyTotal).toBe('23.647');
    expect(r.oneTime).toEqual([['Requests-Tier1', '', 'put', 1_048_576, '5.24288']]); // 1,048,576 × 0.000005
  });

  it('INTELLIGENT_TIERING in FA/AA/DAA: tier storage, 8 KiB + 32 KiB archive overhead per archived object, monitoring, transition', () => {
    const r = run({ storageClass: 'INTELLIGENT_TIERING', storageGiB: 1024, intTiers: { FA: 0.5, AA: 0.25, DAA: 0.25 }, arrival: 'transition' });
    expect(r.monthly).toEqual([
      ['TimedStorage-INT-FA-ByteHrs', '', 'storage', 512, '11.776'], // 512 × 0.023
      ['TimedStorage-INT-AA-ByteHrs', '', 'storage', 256, '0.9216'], // 256 × 0.0036
      ['TimedStorage-ByteHrs', '', 'overhead', 2, '0.046'], // 262,144 objects × 8 KiB = 2 GiB × 0.023
      ['TimedStorage-INT-AA-ByteHrs', '', 'overhead', 8, '0.0288'], // 262,144 × 32 KiB = 8 GiB × 0.0036
      ['TimedStorage-INT-DAA-ByteHrs', '', 'storage', 256, '0.25344'], // 256 × 0.00099
      ['TimedStorage-ByteHrs', '', 'overhead', 2, '0.046'],
      ['TimedStorage-INT-DAA-ByteHrs', '', 'overhead', 8, '0.00792'], // 8 × 0.00099
      ['Monitoring-Automation-INT', '', 'monitoring', 1_048_576, '2.62144'], // 1,048,576 × 0.0025 / 1,000
    ]);
    expect(r.monthlyTotal).toBe('15.7012');
    expect(r.oneTime).toEqual([['Requests-Tier4', 'S3-INTTransition', 'transition', 1_048_576, '10.48576']]); // × 0.01 / 1,000
  });

  it('INTELLIGENT_TIERING in IA/AIA: no archive overhead; GET at the INT Tier2 rate', () => {
    const r = run({ storageClass: 'INTELLIGENT_TIERING', storageGiB: 1024, intTiers: { IA: 0.5, AIA: 0.5 }, getRequests: 1_000 });
    expect(r.monthly).toEqual([
      ['TimedStorage-INT-IA-ByteHrs', '', 'storage', 512, '6.4'], // 512 × 0.0125
      ['TimedStorage-INT-AIA-ByteHrs', '', 'storage', 512, '2.048'], // 512 × 0.004
      ['Monitoring-Automation-INT', '', 'monitoring', 1_048_576, '2.62144'],
      ['Requests-INT-Tier2', '', 'get', 1_000, '0.0004'],
    ]);
    expect(r.monthlyTotal).toBe('11.06984');
  });

  it('INTELLIGENT_TIERING with objects under 128 KiB: never monitored or tiered, all in Frequent Access', () => {
    const r = run({ storageClass: 'INTELLIGENT_TIERING', storageGiB: 1024, avgObjectKiB: 64, intTiers: { IA: 1 } });
    expect(r.monthly).toEqual([['TimedStorage-INT-FA-ByteHrs', '', 'storage', 1024, '23.552']]);
    expect(r.notes.join('\n')).toContain('never monitored or tiered');
  });

  it('STANDARD_IA with 64 KiB objects: billed as 128 KiB (the padding is the SmObjects line), retrieval per GB read', () => {
    const r = run({ storageClass: 'STANDARD_IA', storageGiB: 1, avgObjectKiB: 64, putRequests: 1_000, getRequests: 1_000, arrival: 'put' });
    expect(r.objects).toBe(16_384);
    expect(r.monthly).toEqual([
      ['TimedStorage-SIA-ByteHrs', '', 'storage', 1, '0.0125'], // 1 × 0.0125
      ['TimedStorage-SIA-SmObjects', '', 'overhead', 1, '0.0125'], // 16,384 × 128 KiB = 2 GiB billed, 1 GiB of padding
      ['Requests-SIA-Tier1', '', 'put', 1_000, '0.01'], // 1,000 × 0.01 / 1,000
      ['Requests-SIA-Tier2', '', 'get', 1_000, '0.001'], // 1,000 × 0.001 / 1,000
      ['Retrieval-SIA', '', 'retrieval', 0.06103515625, '0.0006103515625'], // 1,000 GETs × 64 KiB = 0.06103515625 GiB × 0.01
    ]);
    expect(r.monthlyTotal).toBe('0.0366103515625');
    expect(r.oneTime).toEqual([['Requests-SIA-Tier1', '', 'put', 16_384, '0.16384']]);
  });

  it('ONEZONE_IA: storage, retrieval as given, lifecycle transition', () => {
    const r = run({ storageClass: 'ONEZONE_IA', storageGiB: 1024, retrievalGiB: 10, arrival: 'transition' });
    expect(r.monthly).toEqual([
      ['TimedStorage-ZIA-ByteHrs', '', 'storage', 1024, '10.24'], // 1,024 × 0.01
      ['Retrieval-ZIA', '', 'retrieval', 10, '0.1'], // 10 × 0.01
    ]);
    expect(r.oneTime).toEqual([['Requests-Tier4', 'S3-ZIATransition', 'transition', 1_048_576, '10.48576']]);
  });

  it('GLACIER_IR with 32 KiB objects: 96 KiB padding each, GET and retrieval at 0.03 per GB', () => {
    const r = run({ storageClass: 'GLACIER_IR', storageGiB: 1, avgObjectKiB: 32, getRequests: 2_000, arrival: 'put' });
    expect(r.objects).toBe(32_768);
    expect(r.monthly).toEqual([
      ['TimedStorage-GIR-ByteHrs', '', 'storage', 1, '0.004'],
      ['TimedStorage-GIR-SmObjects', '', 'overhead', 3, '0.012'], // 32,768 × 128 KiB = 4 GiB billed − 1 GiB stored
      ['Requests-GIR-Tier2', '', 'get', 2_000, '0.02'], // 2,000 × 0.01 / 1,000
      ['Retrieval-GIR', '', 'retrieval', 0.06103515625, '0.0018310546875'], // 2,000 × 32 KiB × 0.03
    ]);
    expect(r.monthlyTotal).toBe('0.0378310546875');
    expect(r.oneTime).toEqual([['Requests-GIR-Tier1', '', 'put', 32_768, '0.65536']]); // × 0.02 / 1,000
  });

  it('GLACIER: overhead, Expedited restore (requests, GB, restored copy at STANDARD for 1.5 of April’s 30 days: Days 1, expiry rounded up to midnight), transition', () => {
    const r = run({
      storageClass: 'GLACIER', month: '2026-04', storageGiB: 1024, arrival: 'transition',
      restore: { gib: 100, tier: 'expedited', days: 1 },
    });
    expect(r.monthly).toEqual([
      ['TimedStorage-GlacierByteHrs', '', 'storage', 1024, '3.6864'], // 1,024 × 0.0036
      ['TimedStorage-ByteHrs', '', 'overhead', 8, '0.184'], // 1,048,576 × 8 KiB = 8 GiB × 0.023
      ['TimedStorage-GlacierByteHrs', '', 'overhead', 32, '0.1152'], // 32 GiB × 0.0036
      ['Requests-Tier6', 'RestoreObject', 'restore', 102_400, '1024'], // 100 GiB of 1 MiB objects × 10.00 / 1,000
      ['Expedited-Retrieval-Bytes', 'RestoreObject', 'retrieval', 100, '3'], // 100 × 0.03
      ['TimedStorage-ByteHrs', '', 'restored-copy', 5, '0.115'], // 100 GiB × (1 + ½) / 30 days × 0.023
    ]);
    expect(r.monthlyTotal).toBe('1031.1006');
    expect(r.oneTime).toEqual([['Requests-Tier3', 'S3-GlacierTransition', 'transition', 1_048_576, '31.45728']]); // × 0.03 / 1,000
  });

  it('DEEP_ARCHIVE: overhead, Standard restore, restored copy, internet egress (tiered from $0.09: the free 100 GB is no tier of the price), PUT', () => {
    const r = run({
      storageClass: 'DEEP_ARCHIVE', month: '2026-04', storageGiB: 1024, avgObjectKiB: 65_536, arrival: 'put', egressGiB: 1_124,
      restore: { gib: 64, tier: 'standard', days: 7 },
    });
    expect(r.objects).toBe(16_384); // 1 TiB of 64 MiB objects
    expect(r.monthly).toEqual([
      ['TimedStorage-GDA-ByteHrs', '', 'storage', 1024, '1.01376'], // 1,024 × 0.00099
      ['TimedStorage-ByteHrs', '', 'overhead', 0.125, '0.002875'], // 16,384 × 8 KiB = 0.125 GiB × 0.023
      ['TimedStorage-GDA-ByteHrs', '', 'overhead', 0.5, '0.000495'], // 16,384 × 32 KiB = 0.5 GiB × 0.00099
      ['Requests-GDA-Tier3', 'DeepArchiveRestoreObject', 'restore', 1_024, '0.1024'], // 64 GiB ÷ 64 MiB × 0.10 / 1,000
      ['Standard-Retrieval-Bytes', 'DeepArchiveRestoreObject', 'retrieval', 64, '1.28'], // 64 × 0.02
      ['TimedStorage-ByteHrs', '', 'restored-copy', 16, '0.368'], // 64 GiB × (7 + ½) / 30 days × 0.023
      ['DataTransfer-Out-Bytes', '', 'egress', 1_124, '101.16'], // 1,124 × 0.09 (the first 10 TB)
    ]);
    expect(r.monthlyTotal).toBe('103.92753');
    expect(r.oneTime).toEqual([['Requests-GDA-Tier1', '', 'put', 16_384, '0.8192']]); // × 0.05 / 1,000
  });

  it('other regions carry their prefix and prices: ap-south-1 DEEP_ARCHIVE', () => {
    const r = run({ region: 'ap-south-1', storageClass: 'DEEP_ARCHIVE', storageGiB: 1000, avgObjectKiB: 1_048_576 });
    expect(r.monthly[0]).toEqual(['APS3-TimedStorage-GDA-ByteHrs', '', 'storage', 1000, '2']); // 1,000 × 0.002
    expect(r.monthly[1]![0]).toBe('APS3-TimedStorage-ByteHrs');
  });
});

describe('checkSteadyState: combinations the classes do not allow', () => {
  const base: SteadyStateInput = { region: 'us-east-1', storageClass: 'STANDARD', month: '2026-03', storageGiB: 1, avgObjectKiB: 1024 };
  const paths = (i: Partial<SteadyStateInput>) => checkSteadyState({ ...base, ...i }).map((x) => `${x.path}: ${x.message}`);

  it('accepts what every class allows', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ storageClass: 'GLACIER', restore: { gib: 1, tier: 'expedited', days: 1 } })).toEqual([]);
  });

  it('restores only from GLACIER / DEEP_ARCHIVE, and DEEP_ARCHIVE has no Expedited', () => {
    expect(paths({ storageClass: 'STANDARD_IA', restore: { gib: 1, tier: 'standard', days: 1 } })).toEqual([
      '--class: restore flags apply to GLACIER and DEEP_ARCHIVE only; STANDARD_IA objects are read directly (use --get-requests)',
    ]);
    expect(paths({ storageClass: 'DEEP_ARCHIVE', restore: { gib: 1, tier: 'expedited', days: 1 } })).toEqual([
      '--restore-tier: DEEP_ARCHIVE has no expedited restore (allowed: standard, bulk)',
    ]);
  });

  it('per-GB retrieval only for IA classes; access tiers only for INTELLIGENT_TIERING', () => {
    expect(paths({ storageClass: 'GLACIER', retrievalGiB: 1 })[0]).toContain('(use --restore-gib)');
    expect(paths({ intTiers: { IA: 1 } })).toEqual(['--int-tiers: access tiers apply to INTELLIGENT_TIERING only, not STANDARD']);
  });

  it('nothing transitions into STANDARD; objects under 128 KiB transition only to archives, and only with varies_by_storage_class', () => {
    expect(paths({ arrival: 'transition' })[0]).toContain('never transitions objects into STANDARD');
    expect(paths({ storageClass: 'STANDARD_IA', avgObjectKiB: 64, arrival: 'transition', smallObjectTransitions: true })[0]).toContain('under 128 KiB');
    expect(paths({ storageClass: 'GLACIER', avgObjectKiB: 64, arrival: 'transition' })[0]).toContain('--small-object-transitions');
    expect(paths({ storageClass: 'GLACIER', avgObjectKiB: 64, arrival: 'transition', smallObjectTransitions: true })).toEqual([]);
  });
});
