import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { formatMoney } from '../../src/report/money.js';
import { otherRegionRead, restoreEventResults } from '../../src/restore/events.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';

/**
 * The replica as a remedy for a missed RTO. Rates of the bundled book used below (us-east-1 and
 * eu-west-1 alike): GET of GLACIER / DEEP_ARCHIVE $0.0000004, of GLACIER_IR $0.00001; GLACIER
 * Bulk restore requests and GB $0; DEEP_ARCHIVE Bulk $0.000025 a request, $0.0025/GB, Standard
 * $0.0001 and $0.02/GB; GLACIER_IR retrieval $0.03/GB; STANDARD $0.023/GB-Mo; egress $0.09/GB.
 */
const BASE = (replicaClass: string, destination: string) => `version: 1
name: rto
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
seed: 7
agent: { retention_policy: "7D:1D,4W:1W,12M:1M", auto_compact: false }
fleet:
  devices: 30
  onboarding_days: 5
  profiles:
    - { name: laptop, os: windows, share_pct: 100, protected_data: { distribution: fixed, gib: 20 } }
bucket:
  versioning: true
  lifecycle: [{ id: gda, transitions: [{ days: 1, storage_class: DEEP_ARCHIVE }] }]
replication: { destination_region: eu-west-1, storage_class: ${replicaClass} }
restores:
  rto_hours: 24
  events:
    - { month: 2027-02, name: src, devices_pct: 100, tier: bulk, destination: ${destination} }
    - { month: 2027-02, name: rep, devices_pct: 100, tier: bulk, destination: ${destination}, from_region: replica }
`;
const load = (replicaClass: string, destination: string) => resolveScenario(parseScenario(BASE(replicaClass, destination), 'rto.yaml'), 'rto.yaml');
const book = bundledPriceBook();

describe('restoring from the replica region as an RTO remedy', () => {
  it('replica in GLACIER: Bulk is 12 h and free, so it is the cheapest change meeting 24 h (and its cost is what reading the replica bills)', async () => {
    const sc = load('GLACIER', 'endpoints');
    const run = (await simulate(sc, { threads: 1 })).run;
    const [src, rep] = run.restoreEvents;
    const results = restoreEventResults(sc, run.restoreEvents, book);
    expect(results[0]).toMatchObject({ hoursToRestore: 48, bottleneck: 'retrieval' });
    // The replica holds every object the event read, all in GLACIER.
    expect(src!.otherRegion).toEqual({ byClass: { GLACIER: { objects: src!.objects, gib: src!.gib } }, missingObjects: 0, intArchivedObjects: 0 });
    const alt = otherRegionRead(sc, src!, sc.restores.events[0]!, book, 'bulk', results[0]!.cost)!;
    expect(alt.hours).toBe(12);
    // By hand: a GET each; Bulk free; the copy from 2 Feb 00:00 (noon + 12 h) to 9 Feb 00:00 = 7 of
    // February's 28 days at the STANDARD rate; egress for every GB.
    const byHand = 0.0000004 * src!.objects + src!.gib * (0.023 * (7 / 28) + 0.09);
    expect(alt.cost.toNumber()).toBeCloseTo(byHand, 9);
    // The same devices restored from the replica for real bill exactly that.
    expect(results[1]!.cost.toNumber()).toBeCloseTo(alt.cost.toNumber(), 9);
    expect(rep!.gib).toBeCloseTo(src!.gib, 9);
    // Deep Archive Standard at the source: +(0.0001 − 0.000025) a request, +(0.02 − 0.0025)/GB.
    const standardExtra = 0.000075 * src!.deepArchive.objects + 0.0175 * src!.deepArchive.gib;
    expect(alt.extra.toNumber()).toBeLessThan(standardExtra);
    expect(alt.extra.isNegative()).toBe(true);
    expect(results[0]!.finding).toBe(
      `restore event 'src' (2027-02, 30 devices): 48.0 h to restore exceeds rto_hours 24 (decided by retrieval); cheapest change that meets it: reading from the replica in eu-west-1 (GLACIER, bulk tier: 12.0 h; −${formatMoney(alt.extra.abs())} for this event)`,
    );
  });

  it('replica in GLACIER_IR with a recovery in AWS: no wait, but $0.03/GB retrieval costs more than Deep Archive Standard at the source', async () => {
    const sc = load('GLACIER_IR', 'aws');
    const run = (await simulate(sc, { threads: 1 })).run;
    const src = run.restoreEvents[0]!;
    const results = restoreEventResults(sc, run.restoreEvents, book);
    const alt = otherRegionRead(sc, src, sc.restores.events[0]!, book, 'bulk', results[0]!.cost)!;
    // No egress (destination aws), no restore: a GET and $0.03/GB.
    expect(alt.cost.toNumber()).toBeCloseTo(0.00001 * src.objects + 0.03 * src.gib, 9);
    expect(alt.hours).toBeLessThan(24);
    const standardExtra = new Dec('0.000075').times(src.deepArchive.objects).plus(new Dec('0.0175').times(src.deepArchive.gib));
    expect(alt.extra.gt(standardExtra)).toBe(true);
    expect(results[0]!.finding).toMatch(/; cheapest change that meets it: the standard tier \(\+\$[\d.,]+ for this event\)$/);
    expect(results[0]!.finding).toContain(`(+${formatMoney(standardExtra)} for this event)`);
  });

  it('not a remedy when the other bucket lacks objects the event read (replication filter)', async () => {
    const sc = resolveScenario(parseScenario(BASE('GLACIER', 'endpoints').replace('storage_class: GLACIER }', 'storage_class: GLACIER, filter: { prefix: other/ } }').replace(/    - \{ month: 2027-02, name: rep.*\n/, ''), 'rto.yaml'), 'rto.yaml');
    const run = (await simulate(sc, { threads: 1 })).run;
    const src = run.restoreEvents[0]!;
    expect(src.otherRegion!.missingObjects).toBeCloseTo(src.objects, 9);
    const results = restoreEventResults(sc, run.restoreEvents, book);
    expect(otherRegionRead(sc, src, sc.restores.events[0]!, book, 'bulk', results[0]!.cost)).toBeUndefined();
    expect(results[0]!.finding).toMatch(/cheapest change that meets it: the standard tier/);
  });
});
