import { describe, expect, it } from 'vitest';
import { forecast, simulate } from '../../src/forecast.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { ScenarioError } from '../../src/errors.js';
import { forecastJson } from '../../src/report/forecast.js';

const BASE = `version: 1
name: ev
horizon: { start_month: 2027-01, months: 3 }
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
replication: { destination_region: eu-west-1, storage_class: GLACIER }
`;
const scenario = (restores: string) => resolveScenario(parseScenario(`${BASE}restores:\n${restores}`, 'ev.yaml'), 'ev.yaml');
const raw = (series: readonly { key: { usageType: string }; cause: string; monthly: readonly number[] }[], ut: string, cause?: string) =>
  series.filter((s) => s.key.usageType === ut && (!cause || s.cause === cause)).reduce((a, s) => a + s.monthly.reduce((x, y) => x + y, 0), 0);

describe('restore events in a fleet', () => {
  it("an event's lines: one Bulk request per archived object, its GB, the copy kept 7 days after 48 h, egress for every byte read", async () => {
    const sc = scenario('  events: [{ month: 2027-02, name: all, devices_pct: 100, tier: bulk }]\n');
    const sim = await simulate(sc, { threads: 1 });
    const e = sim.run.restoreEvents[0]!;
    expect(e.devices).toBe(30);
    expect(e.deepArchive.objects).toBeGreaterThan(0);
    expect(e.archivedObjects).toBe(e.deepArchive.objects);
    const series = e.usage.snapshot().series;
    expect(raw(series, 'Requests-GDA-Tier5', 'restore')).toBeCloseTo(e.deepArchive.objects, 9);
    expect(raw(series, 'Bulk-Retrieval-Bytes', 'retrieval')).toBeCloseTo(e.deepArchive.gib, 9);
    // Noon on 1 February + 48 h → available 3 Feb 12:00; Days 7 → expires 11 Feb 00:00: 7.5 days.
    expect(raw(series, 'TimedStorage-ByteHrs', 'restored-copy')).toBeCloseTo(e.deepArchive.gib * 7.5, 6);
    expect(raw(series, 'DataTransfer-Out-Bytes', 'restore')).toBeCloseTo(e.gib, 9);
    expect(e.retrievalDays).toBe(2);
    // Nothing of the event is in the replica's region.
    expect(e.replicaUsage).toBeUndefined();
  });

  it('a restore never changes what is stored in the archive classes (with or without the event)', async () => {
    const book = bundledPriceBook();
    const without = await forecast(scenario('  devices_pct_per_month: 0\n'), book, { threads: 1 });
    const withEvent = await forecast(scenario('  events: [{ month: 2027-02, name: all, devices_pct: 100, tier: bulk }]\n'), book, { threads: 1 });
    for (let m = 0; m < 3; m++) {
      for (const region of ['us-east-1', 'eu-west-1']) {
        expect(withEvent.months[m]!.capacityByRegion[region]).toEqual(without.months[m]!.capacityByRegion[region]);
      }
      const gda = (f: typeof without) => f.months[m]!.lines.filter((l) => l.usage.usageType === 'TimedStorage-GDA-ByteHrs').map((l) => l.usage.quantity);
      expect(gda(withEvent)).toEqual(gda(without));
    }
  });

  it('from the replica: read in its region at its class (GLACIER bulk, 12 h), priced there; JSON restoreEvents', async () => {
    const sc = scenario('  rto_hours: 24\n  events:\n    - { month: 2027-03, name: ransomware, devices_pct: 100, tier: bulk, from_region: replica }\n    - { month: 2027-03, name: source, devices: 10, tier: bulk }\n');
    const f = await forecast(sc, bundledPriceBook(), { threads: 1 });
    const [replica, source] = f.restoreEvents;
    expect(replica).toMatchObject({ month: '2027-03', name: 'ransomware', devices: 30, tier: 'bulk', fromRegion: 'eu-west-1', hoursToRestore: 12, bottleneck: 'retrieval' });
    expect(replica!.cost.gt(0)).toBe(true);
    expect(source).toMatchObject({ devices: 10, fromRegion: 'us-east-1', hoursToRestore: 48, bottleneck: 'retrieval' });
    // Only the 48 h one misses 24 h; Deep Archive Standard (12 h) meets it, and so does the replica
    // (GLACIER Bulk, 12 h, free), which costs less than the event itself (see other-region.test.ts).
    expect(f.findings.filter((x) => x.includes('exceeds rto_hours 24'))).toHaveLength(1);
    expect(f.findings.find((x) => x.includes("'source'"))).toMatch(/cheapest change that meets it: reading from the replica in eu-west-1 \(GLACIER, bulk tier: 12\.0 h; −\$[\d.,]+ for this event\)$/);
    const j = forecastJson(f);
    expect(Object.keys(j.restoreEvents[0]!).sort()).toEqual(['bottleneck', 'cost', 'devices', 'fromRegion', 'hoursBy', 'hoursToRestore', 'month', 'name', 'tier']);
    expect(typeof j.restoreEvents[0]!.cost).toBe('string');
  });

  it('an event limited to a key prefix reads only the objects under it: the kinds add up to the whole device', async () => {
    const pre = 'backups/{device}/duplicati-';
    const sc = scenario(
      [
        '  events:',
        '    - { month: 2027-02, name: whole, devices_pct: 100 }',
        `    - { month: 2027-02, name: dblock, devices_pct: 100, prefix: '${pre}b' }`,
        `    - { month: 2027-02, name: dindex, devices_pct: 100, prefix: '${pre}i' }`,
        `    - { month: 2027-02, name: dlist, devices_pct: 100, prefix: '${pre}2' }`,
        '    - { month: 2027-02, name: nodb, devices_pct: 100, lost_database: false }',
        "    - { month: 2027-02, name: all, devices_pct: 100, prefix: 'backups/' }",
        '',
      ].join('\n'),
    );
    expect(sc.restores.events.map((e) => e.prefix)).toEqual([undefined, `${pre}b`, `${pre}i`, `${pre}2`, undefined, 'backups/']);
    const sim = await simulate(sc, { threads: 1 });
    const [whole, dblock, dindex, dlist, nodb, all] = sim.run.restoreEvents as [typeof sim.run.restoreEvents[0], ...typeof sim.run.restoreEvents];
    for (const e of [whole, dblock, dindex, dlist, nodb, all]) expect(e!.devices).toBe(30);
    // One dlist per device (its latest version), one dindex per dblock volume.
    expect(dlist!.objects).toBe(30);
    expect(dindex!.objects).toBeCloseTo(dblock!.objects, 9);
    expect(dblock!.objects).toBeGreaterThan(0);
    // Restoring reads change nothing stored, so the three kinds add up to the whole device.
    for (const f of ['objects', 'gib', 'archivedObjects'] as const) expect(dblock![f] + dindex![f] + dlist![f]).toBeCloseTo(whole![f], 9);
    expect(dblock!.deepArchive.gib + dindex!.deepArchive.gib + dlist!.deepArchive.gib).toBeCloseTo(whole!.deepArchive.gib, 9);
    // The dblock files alone are what a restore with its local database reads; 'backups/' is everything.
    expect(dblock!.gib).toBeCloseTo(nodb!.gib, 9);
    expect(dblock!.objects).toBeCloseTo(nodb!.objects, 9);
    expect(all!.gib).toBeCloseTo(whole!.gib, 9);
    // Its lines: one GET (cause restore) per object read, egress for every byte, restores only for archived ones.
    for (const e of [dblock!, dlist!]) {
      const series = e.usage.snapshot().series;
      expect(raw(series, 'Requests-GDA-Tier5', 'restore')).toBeCloseTo(e.deepArchive.objects, 9);
      expect(raw(series, 'DataTransfer-Out-Bytes', 'restore')).toBeCloseTo(e.gib, 9);
      const gets = series.filter((x) => x.cause === 'restore' && /Requests-(Tier2|GDA-Tier2)$/.test(x.key.usageType)).reduce((a, x) => a + x.monthly.reduce((p, q) => p + q, 0), 0);
      expect(gets).toBeCloseTo(e.objects, 9);
    }
  });

  it('drills every N months, and events after the simulated months are said, not run', async () => {
    const sc = scenario('  drills: { every_months: 1, devices: 3 }\n  events: [{ month: 2028-01, name: late, devices: 1 }]\n');
    expect(sc.restores.events.map((e) => [e.name, e.month])).toEqual([
      ['drill', '2027-01'],
      ['drill', '2027-02'],
      ['drill', '2027-03'],
    ]);
    const f = await forecast(sc, bundledPriceBook(), { threads: 1 });
    // Noon on the first day: only the devices that have made their first backup by then.
    expect(f.restoreEvents[0]!.devices).toBeLessThanOrEqual(3);
    expect(f.restoreEvents.slice(1).map((e) => e.devices)).toEqual([3, 3]);
    expect(f.findings).toContain("restore event 'late' in 2028-01 is after the simulated months: not run");
  });

  it('bad events: one issue each, naming the field', () => {
    const bad = (restores: string, base = BASE) => {
      try {
        resolveScenario(parseScenario(`${base}restores:\n${restores}`, 'ev.yaml'), 'ev.yaml');
      } catch (e) {
        if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`);
        throw e;
      }
      return [];
    };
    expect(bad('  events: [{ month: 2027-02, name: x, devices: 1, tier: expedited }]\n')).toEqual([
      'restores.events[0].tier: objects in the bucket may be in Deep Archive, which has no expedited restore (allowed: standard, bulk)',
    ]);
    expect(bad('  events: [{ month: 2026-12, name: x, devices: 1 }]\n')).toEqual(['restores.events[0].month: 2026-12 is before the horizon, which starts in 2027-01']);
    expect(bad('  events: [{ month: 2027-02, name: x, devices: 1, from_region: replica }]\n', BASE.replace(/replication:.*\n/, ''))).toEqual([
      "restores.events[0].from_region: there is no replica: add a replication section, or restore from 'source'",
    ]);
    expect(() => parseScenario(`${BASE}restores:\n  events: [{ month: 2027-02, name: x, devices: 1, devices_pct: 5 }]\n`, 'ev.yaml')).toThrow(/exactly one of devices/);
    expect(bad("  events: [{ month: 2027-02, name: x, devices: 1, prefix: 'backups/laptop-7/' }]\n")).toEqual([
      "restores.events[0].prefix: matches none of the fleet's keys (backups/{device}/duplicati-….{dblock,dindex,dlist}.zip.aes, {device} standing for every device's folder); device names are not modelled: select devices with devices or devices_pct",
    ]);
  });
});
