import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUpload as splitInto, volumeGroups } from '../../src/agent/volumes.js';

/** The groups as plain objects, for assertions. */
function splitUpload(cb: number, h: number, ca: number, full: number) {
  const g = splitInto(cb, h, ca, full, volumeGroups());
  return Array.from({ length: g.count }, (_, k) => ({ volumes: g.volumes[k]!, volumeGiB: g.volumeGiB[k]!, hotGiB: g.hotGiB[k]!, coldGiB: g.coldGiB[k]! }));
}

describe('splitUpload (Duplicati --dblock-size, BlockVolumeWriter.cs: dblocks filled in file order)', () => {
  it('an upload smaller than a dblock is one partial tail volume', () => {
    expect(splitUpload(0.01, 0.02, 0.01, 0.05)).toEqual([{ volumes: 1, volumeGiB: expect.closeTo(0.04, 12), hotGiB: expect.closeTo(0.02, 12), coldGiB: expect.closeTo(0.02, 12) }]);
  });

  it('separates pure cold, pure hot, straddling and tail volumes', () => {
    // Stream: cold [0,1.2), hot [1.2, 3.7), cold [3.7, 4.3); dblocks of 1 GiB.
    const g = splitUpload(1.2, 2.5, 0.6, 1);
    expect(g.map((x) => x.volumes)).toEqual([1, 1, 2, 1]);
    expect(g[0]).toMatchObject({ volumes: 1, hotGiB: 0 }); // [0,1)
    expect(g[1]).toMatchObject({ volumes: 1, coldGiB: 0 }); // [2,3)
    expect(g[2]?.hotGiB).toBeCloseTo(0.8 + 0.7, 12); // [1,2) and [3,4)
    expect(g[3]?.volumeGiB).toBeCloseTo(0.3, 12); // [4, 4.3)
    expect(g[3]?.hotGiB).toBe(0);
  });

  it('conserves bytes and volume counts', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), (cb, h, ca, full) => {
        const g = splitUpload(cb, h, ca, full);
        const total = cb + h + ca;
        const stored = g.reduce((s, x) => s + x.volumes * x.volumeGiB, 0);
        expect(stored).toBeCloseTo(total, 8);
        expect(g.reduce((s, x) => s + x.hotGiB, 0)).toBeCloseTo(h, 8);
        // Enough volumes to hold the bytes, and less than one to spare.
        const volumes = g.reduce((s, x) => s + x.volumes, 0);
        expect(volumes).toBeGreaterThanOrEqual(total / full - 1e-9);
        expect(volumes).toBeLessThan(total / full + 1);
        for (const x of g) {
          expect(x.hotGiB).toBeGreaterThanOrEqual(-1e-9);
          expect(x.coldGiB).toBeGreaterThanOrEqual(-1e-9);
          expect(x.volumeGiB).toBeLessThanOrEqual(full + 1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });
});
