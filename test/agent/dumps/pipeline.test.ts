/**
 * The dump agent through the whole pipeline (scenario → fleet loop → ledger, replication,
 * restore events → bill): what a small estate writes, replicates and reads back from the replica.
 */
import { describe, expect, it } from 'vitest';
import { priceFleet, simulate } from '../../../src/forecast.js';
import { bundledPriceBook } from '../../../src/pricing/snapshots.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';

// 3 servers of 64 GiB, nothing changes: a full of 32 GiB every 7 days and nothing else.
const text = `version: 1
name: three-servers
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
agent:
  kind: dumps
  dumps: { full_every_days: 7, between: none, log_every_minutes: 0, part_size_mib: 1024, gfs: { keep_weekly: 2 } }
fleet:
  devices: 3
  onboarding_days: 1
  backup_time_utc: "01:00"
  schedule_spread_minutes: 0
  start_jitter_minutes: 0
  growth_pct_per_month: 0
  daily_change_pct: 0
  compression_ratio: 0.5
  profiles:
    - { name: sql, os: linux, share_pct: 100, protected_data: { distribution: fixed, gib: 64 } }
bucket: { versioning: true, endpoint_outside_aws: false }
replication: { destination_region: eu-west-1, storage_class: STANDARD_IA }
restores:
  events:
    - { month: 2027-02, name: site-loss, devices: 3, from_region: replica, destination: aws }
`;

describe('dump agent through the pipeline', () => {
  it('writes fulls, replicates them and restores the newest from the replica', async () => {
    const sim = await simulate(resolveScenario(parseScenario(text, 'x.yaml')), { threads: 1 });
    const f = priceFleet(sim, bundledPriceBook());
    const jan = f.months[0];
    const qty = (m: typeof jan, usageType: string, cause?: string) =>
      (m?.lines ?? []).filter((l) => l.usage.usageType === usageType && (cause === undefined || l.usage.cause === cause)).reduce((a, l) => a + l.usage.quantity, 0);
    // January: fulls on days 0, 7, 14, 21, 28 → 5 per server, each 32 GiB in 32 parts of 1 GiB:
    // 15 objects, 15 × 34 = 510 PUT requests, 480 GiB replicated.
    expect(qty(jan, 'Requests-Tier1', 'put')).toBe(510);
    expect(qty(jan, 'USE1-EU-AWS-Out-Bytes')).toBeCloseTo(480, 9);
    expect(qty(jan, 'EU-Requests-SIA-Tier1', 'replication')).toBe(15);
    // The site-loss event reads each server's newest full (32 GiB) from the replica.
    const e = sim.run.restoreEvents[0];
    expect(e?.devices).toBe(3);
    expect(f.restoreEvents[0]?.fromRegion).toBe('eu-west-1');
    expect(e?.objects).toBe(3);
    expect(e?.gib).toBeCloseTo(96, 9);
    // GFS keep_weekly 2: at the end of January each server holds 2 fulls in the source.
    expect(jan?.capacity.STANDARD?.objects).toBe(6);
    expect(jan?.capacity.STANDARD?.storedGiB).toBeCloseTo(192, 9);
  });
});
