import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkGbpsFor, timeToRestore, type RestoreLoad } from '../../src/restore/rto.js';

const LIMITS = { requestsPerSecond: 1000, siteLinkGbps: 10, perDeviceMbps: 100 };
const GIB_BITS = 2 ** 30 * 8;

describe('time to restore: each bottleneck deciding (hand-computed)', () => {
  it('restore requests: 72 million archived objects at 1,000/s take 20 h, more than Bulk from GLACIER (12 h)', () => {
    const load: RestoreLoad = { devices: 1000, archivedObjects: 72_000_000, gib: 100, maxDeviceGiB: 1, retrievalHours: 12 };
    const t = timeToRestore(load, LIMITS, true);
    expect(t.parts['restore-requests']).toBeCloseTo(20, 12);
    expect(t.bottleneck).toBe('restore-requests');
    expect(t.hours).toBeCloseTo(20, 12);
  });

  it('retrieval: Deep Archive Bulk (48 h) decides a small restore', () => {
    const t = timeToRestore({ devices: 10, archivedObjects: 5000, gib: 500, maxDeviceGiB: 50, retrievalHours: 48 }, LIMITS, true);
    expect(t.bottleneck).toBe('retrieval');
    expect(t.hours).toBe(48);
  });

  it('site link: 500 TiB to endpoints over 10 Gbit/s', () => {
    const gib = 500 * 1024;
    const t = timeToRestore({ devices: 60000, archivedObjects: 1000, gib, maxDeviceGiB: 100, retrievalHours: 12 }, LIMITS, true);
    expect(t.parts['site-link']).toBeCloseTo((gib * GIB_BITS) / 10e9 / 3600, 9); // ≈ 122.2 h
    expect(t.bottleneck).toBe('site-link');
    // To a location in AWS the site link does not apply: the per-device rate decides instead.
    const aws = timeToRestore({ devices: 60000, archivedObjects: 1000, gib, maxDeviceGiB: 100, retrievalHours: 12 }, LIMITS, false);
    expect(aws.parts['site-link']).toBe(0);
    expect(aws.bottleneck).toBe('retrieval');
    expect(linkGbpsFor({ devices: 1, archivedObjects: 0, gib, maxDeviceGiB: 0, retrievalHours: 0 }, 24)).toBeCloseTo((gib * GIB_BITS) / (24 * 3600) / 1e9, 9);
  });

  it('per-device link: one 8 TiB server at 100 Mbit/s', () => {
    const t = timeToRestore({ devices: 2, archivedObjects: 10, gib: 8200, maxDeviceGiB: 8192, retrievalHours: 12 }, LIMITS, false);
    expect(t.parts['per-device-link']).toBeCloseTo((8192 * GIB_BITS) / 100e6 / 3600, 9); // ≈ 195.5 h
    expect(t.bottleneck).toBe('per-device-link');
  });
});

describe('time to restore: properties', () => {
  it('never below the tier retrieval time, and equal to the largest bottleneck', () => {
    fc.assert(
      fc.property(
        fc.record({
          devices: fc.integer({ min: 0, max: 100000 }),
          archivedObjects: fc.integer({ min: 0, max: 1e9 }),
          gib: fc.double({ min: 0, max: 1e7, noNaN: true }),
          maxDeviceGiB: fc.double({ min: 0, max: 1e4, noNaN: true }),
          retrievalHours: fc.constantFrom(0, 5 / 60, 5, 12, 48),
        }),
        fc.boolean(),
        (load, endpoints) => {
          const t = timeToRestore(load, LIMITS, endpoints);
          expect(t.hours).toBeGreaterThanOrEqual(load.retrievalHours);
          expect(t.hours).toBe(Math.max(...Object.values(t.parts)));
          expect(t.parts[t.bottleneck]).toBe(t.hours);
        },
      ),
    );
  });
});
