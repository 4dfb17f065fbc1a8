/**
 * Expected values from the oracle: the fleet engine's closed forms give means, so the comparison
 * averages the oracle's day series over several seeds of the change process.
 */
import { simulateDeviceBlocks, type OracleDay, type OracleInput } from './device-blocks.js';

/** Runs the oracle once per seed and averages every quantity of every day (the day number stays). */
export function meanOverSeeds(input: OracleInput, seeds: readonly number[]): OracleDay[] {
  if (seeds.length === 0) throw new RangeError('meanOverSeeds needs at least one seed');
  const runs = seeds.map((seed) => simulateDeviceBlocks({ ...input, seed }));
  return runs[0]!.map((_, day) => meanRecord(runs.map((r) => r[day]!)));
}

/** Mean of records with the same shape, field by field (nested records too). */
function meanRecord<T>(records: readonly T[]): T {
  const first = records[0] as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    const values = records.map((r) => (r as Record<string, unknown>)[key]);
    out[key] = typeof first[key] === 'number' ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : meanRecord(values);
  }
  return out as T;
}
