/**
 * Seeded randomness: one small, fast generator (sfc32, seeded through splitmix32) so the same
 * seed gives the same report byte for byte on every machine. Never Math.random().
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator for `seed` and an optional stream number (e.g. a device index). */
export function createRandom(seed: number, stream = 0): Random {
  const streams = new RandomStreams(seed, [stream]);
  return { next: () => streams.next(0) };
}

/** Standard normal deviate (Box–Muller). */
export function normal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * sfc32 generators, many at once in struct-of-arrays form (four words each), one per device, so
 * that a device's draws do not depend on which worker simulates it or in what order.
 */
export class RandomStreams {
  private readonly s: Uint32Array;

  constructor(seed: number, streamIds: ArrayLike<number>) {
    this.s = new Uint32Array(streamIds.length * 4);
    for (let i = 0; i < streamIds.length; i++) {
      const init = splitmix32((seed >>> 0) ^ Math.imul((streamIds[i] as number) + 1, 0x632be5ab));
      this.s[4 * i] = init();
      this.s[4 * i + 1] = init();
      this.s[4 * i + 2] = init();
      this.s[4 * i + 3] = init() | 1;
      for (let k = 0; k < 12; k++) this.next(i);
    }
  }

  /** Uniform in [0, 1) from stream i. */
  next(i: number): number {
    const s = this.s;
    const o = 4 * i;
    const a = s[o] as number;
    const b = s[o + 1] as number;
    const c = s[o + 2] as number;
    const d = s[o + 3] as number;
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[o + 3] = (d + 1) >>> 0;
    s[o] = b ^ (b >>> 9);
    s[o + 1] = (c + (c << 3)) >>> 0;
    s[o + 2] = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
    return t / 4294967296;
  }
}
