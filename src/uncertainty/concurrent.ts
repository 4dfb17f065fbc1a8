/**
 * The runs of an analysis, several in flight at once: with a shared shard pool (src/fleet/pool.ts)
 * their shards keep every worker busy while this thread prices the runs that have finished.
 */

/**
 * `fn` of every item with at most `concurrency` calls in flight, started in item order; results in
 * item order whatever order they finish in, so the output does not depend on the concurrency.
 * `onDone(count)` is called as each call finishes. The first failure rejects at once and no new
 * call starts; calls already in flight are left to finish (or to be rejected by their pool).
 */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T, k: number) => Promise<R>, onDone: (done: number) => void = () => {}): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number, 1 or more (got ${concurrency})`);
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const k = next++;
      try {
        results[k] = await fn(items[k] as T, k);
      } catch (e) {
        failed = true;
        throw e;
      }
      onDone(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, items.length)) }, lane));
  return results;
}
