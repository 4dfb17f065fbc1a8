/**
 * From a validated scenario file to what the engine runs: units converted (MiB → bytes, minutes
 * → days, percent kept as percent where the model says so), defaults that depend on other fields
 * resolved, and the checks that span fields (retention options, lifecycle rules) done once.
 * Every problem is a ScenarioError naming its path; the engine then trusts its input.
 */
import type { AgentOptions, DeviceData } from '../agent/model.js';
import { OBJECT_KINDS, sampleKey } from '../agent/objects.js';
import type { DumpsConfig } from '../agent/dumps/config.js';
import { existsSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { InputError, ScenarioError, type InputIssue } from '../errors.js';
import { compileRetention, type RetentionRules } from '../retention/rules.js';
import { parseRetentionPolicy } from '../retention/policy.js';
import type { IntelligentTieringConfig } from '../storage/ledger.js';
import { lifecycleIssues, type LifecycleConfig, type LifecycleRule } from '../storage/lifecycle.js';
import type { ReplicationConfig } from '../storage/replication.js';
import type { RestoreLimits } from '../restore/rto.js';
import type { RestoreTier } from '../usage/usage-types.js';
import type { StorageClass } from '../storage/classes.js';
import { addMonths, KIB, MIB, parseMonthKey, type MonthKey } from '../units.js';
import { restoreTiers } from '../usage/usage-types.js';
import { dumpsSchema, LIMITS, type FleetSection, type ProfileSection, type ScenarioFile } from './schema.js';
import type { AccountEgress } from '../pricing/price.js';
import type { PriceChange } from '../pricing/changes.js';
import type { ResourcesConfig } from '../resources/config.js';

export type DataSize =
  | { readonly kind: 'fixed'; readonly gib: number }
  | { readonly kind: 'lognormal'; readonly medianGiB: number; readonly p90GiB: number; readonly maxGiB?: number };

/**
 * One kind of device, every behaviour resolved (profile value, else fleet value, else default):
 * the change model of src/agent/model.ts, with the data size as a distribution.
 */
export interface DeviceProfile extends Omit<DeviceData, 'protectedGiB'> {
  readonly name: string;
  readonly os: 'windows' | 'linux' | 'macos';
  readonly sharePct: number;
  readonly protectedData: DataSize;
  readonly offlinePct: number;
}

export interface FleetConfig {
  readonly devices: number;
  readonly maxDevices: number;
  readonly rampMonths: number;
  readonly onboardingDays: number;
  readonly retirePctPerYear: number;
  readonly retiredData: 'keep' | 'delete';
  /** Scheduled start, fraction of a UTC day. */
  readonly backupTimeDays: number;
  readonly scheduleSpreadDays: number;
  readonly startJitterDays: number;
  readonly backupDurationDays: number;
  readonly profiles: readonly DeviceProfile[];
}

export interface BucketConfig {
  readonly storageClass: StorageClass;
  readonly keyPrefix: string;
  readonly versioning: boolean;
  readonly lifecycle: LifecycleConfig;
  readonly intelligentTiering: IntelligentTieringConfig;
  readonly endpointOutsideAws: boolean;
  /** bucket.initial_inventory: the report's path (resolved from the scenario's folder) and as written. */
  readonly initialInventory?: { readonly path: string; readonly shown: string };
}

export interface RestoreConfig {
  readonly devicesPctPerMonth: number;
  readonly lostDatabasePct: number;
  readonly tier: 'expedited' | 'standard' | 'bulk';
  readonly days: number;
  /** Restore events and drills (drills expanded into events), in month order. */
  readonly events: readonly RestoreEvent[];
  /** Events that fall after the simulated months (e.g. with --months): not run, said in the findings. */
  readonly eventsAfterHorizon: readonly { readonly name: string; readonly month: MonthKey }[];
  readonly rtoHours?: number;
  readonly limits: RestoreLimits;
}

/** Many devices restored at once (a ransomware recovery, a drill). */
export interface RestoreEvent {
  readonly name: string;
  readonly month: MonthKey;
  /** Index of the month in the simulation (history months included). */
  readonly simMonth: number;
  /** Devices: the first `devices` places of the fleet, or `devicesPct` percent of them. */
  readonly devices?: number;
  readonly devicesPct?: number;
  readonly tier: RestoreTier;
  readonly fromReplica: boolean;
  readonly toEndpoints: boolean;
  readonly lostDatabase: boolean;
  /** Only objects whose key starts with this (matched like a lifecycle prefix, `{device}` literal). */
  readonly prefix?: string;
}

/** A scenario ready to simulate. */
export interface Scenario {
  readonly name: string;
  readonly region: string;
  readonly seed: number;
  /** First simulated month (history months come before the reported horizon). */
  readonly simStartMonth: MonthKey;
  /** Months simulated, history included. */
  readonly simMonths: number;
  /** Months at the start of the simulation that are history: simulated, not reported. */
  readonly historyMonths: number;
  /** Duplicati's options (defaults when the agent is dumps). */
  readonly agent: AgentOptions;
  readonly retention: RetentionRules;
  /** `agent.kind: dumps`: the database-dump agent answers for every source instead of Duplicati. */
  readonly dumps?: DumpsConfig;
  readonly fleet?: FleetConfig;
  readonly bucket: BucketConfig;
  readonly restores: RestoreConfig;
  /** Cross-Region Replication into a second bucket, when configured. */
  readonly replication?: ReplicationConfig;
  /** Internet egress shared with the rest of the account (free allowance, tiers). */
  readonly account: AccountEgress;
  /** Changes to the price book's rates the scenario assumes (`prices.changes`), in file order. */
  readonly priceChanges?: readonly PriceChange[];
  /** Priced resources beyond the bucket (EBS snapshots, KMS, CloudTrail, …), when the file has a resources section. */
  readonly resources?: ResourcesConfig;
  /** The file it came from, for reports. */
  readonly file: ScenarioFile;
  /** The file name it was loaded from, for messages (absent when parsed from text). */
  readonly source?: string;
}

const DEFAULT_BEHAVIOUR = {
  growth_pct_per_month: 1,
  daily_change_pct: 1,
  hot_set_pct: 10,
  hot_change_share_pct: 80,
  compression_ratio: 0.6,
  files_per_gib: 2000,
  offline_pct: 0,
};

function hhmmToDays(text: string): number {
  const [h, m] = text.split(':').map(Number) as [number, number];
  return (h * 60 + m) / 1440;
}

function resolveProfile(p: ProfileSection, f: FleetSection): DeviceProfile {
  const pick = <K extends keyof typeof DEFAULT_BEHAVIOUR>(k: K): number => p[k] ?? f[k] ?? DEFAULT_BEHAVIOUR[k];
  const data = (p.protected_data ?? f.protected_data) as NonNullable<FleetSection['protected_data']>;
  return {
    name: p.name,
    os: p.os,
    sharePct: p.share_pct,
    protectedData:
      data.distribution === 'fixed'
        ? { kind: 'fixed', gib: data.gib }
        : // The tail is always clipped (at the schema's ceiling unless max_gib says less): a
          // lognormal draw is unbounded, and one device must not hold more than any device may.
          { kind: 'lognormal', medianGiB: data.median_gib, p90GiB: data.p90_gib, maxGiB: data.max_gib ?? LIMITS.maxDeviceGiB },
    growthPctPerMonth: pick('growth_pct_per_month'),
    dailyChangePct: pick('daily_change_pct'),
    hotSetPct: pick('hot_set_pct'),
    hotChangeSharePct: pick('hot_change_share_pct'),
    compressionRatio: pick('compression_ratio'),
    filesPerGiB: pick('files_per_gib'),
    offlinePct: pick('offline_pct'),
  };
}

function resolveFleet(f: FleetSection): FleetConfig {
  return {
    devices: f.devices,
    maxDevices: f.max_devices ?? f.devices,
    rampMonths: f.ramp_months ?? 1,
    onboardingDays: f.onboarding_days,
    retirePctPerYear: f.retire_pct_per_year,
    retiredData: f.retired_data,
    backupTimeDays: hhmmToDays(f.backup_time_utc),
    scheduleSpreadDays: f.schedule_spread_minutes / 1440,
    startJitterDays: f.start_jitter_minutes / 1440,
    backupDurationDays: f.backup_duration_minutes / 1440,
    profiles: f.profiles.map((p) => resolveProfile(p, f)),
  };
}

/** A scenario's lifecycle rules (bucket.lifecycle or replication.lifecycle) in the engine's form. */
function lifecycleRules(list: ScenarioFile['bucket']['lifecycle']): LifecycleRule[] {
  return list.map((r) => ({
    id: r.id,
    enabled: r.status === 'Enabled',
    prefix: r.filter.prefix,
    ...(r.filter.object_size_greater_than_bytes !== undefined ? { sizeGreaterThan: r.filter.object_size_greater_than_bytes } : {}),
    ...(r.filter.object_size_less_than_bytes !== undefined ? { sizeLessThan: r.filter.object_size_less_than_bytes } : {}),
    transitions: r.transitions.map((t) => ({ days: t.days, storageClass: t.storage_class })),
    ...(r.expiration_days !== undefined ? { expirationDays: r.expiration_days } : {}),
    noncurrentTransitions: r.noncurrent_transitions.map((t) => ({ days: t.noncurrent_days, storageClass: t.storage_class })),
    ...(r.noncurrent_expiration_days !== undefined ? { noncurrentExpirationDays: r.noncurrent_expiration_days } : {}),
  }));
}

/**
 * The replication section, checked: S3 requires versioning on both buckets ("Requirements and
 * considerations for replication", S3 User Guide), and the destination is another region. The
 * destination bucket is versioned by construction, so its noncurrent rules are allowed.
 */
function resolveReplication(file: ScenarioFile, issues: InputIssue[]): ReplicationConfig | undefined {
  const r = file.replication;
  if (!r) return undefined;
  if (!file.bucket.versioning) {
    issues.push({ path: 'bucket.versioning', value: false, message: 'replication requires versioning on the source bucket (S3 replicates only from and to versioned buckets): set bucket.versioning: true' });
  }
  if (r.destination_region === file.region) {
    issues.push({
      path: 'replication.destination_region',
      value: r.destination_region,
      message: `'${r.destination_region}' is the bucket's own region; Cross-Region Replication needs another region (allowed: any region tierwise knows except ${file.region})`,
    });
  }
  if (r.filter.prefix.includes('{device}')) {
    issues.push({
      path: 'replication.filter.prefix',
      value: r.filter.prefix,
      message: "a replication prefix is literal: '{device}' would need one replication rule per device; use a prefix common to all devices (e.g. the bucket's key_prefix) or '' for the whole bucket",
    });
  }
  const lifecycle: LifecycleConfig = { rules: lifecycleRules(r.lifecycle), minTransitionSize: 'all_storage_classes_128K' };
  issues.push(...lifecycleIssues(lifecycle, 'replication.lifecycle'));
  return {
    destinationRegion: r.destination_region,
    storageClass: r.storage_class ?? file.bucket.storage_class,
    replicationTimeControl: r.replication_time_control,
    replicateDeletes: r.replicate_deletes,
    prefix: r.filter.prefix,
    lifecycle,
  };
}

/** Whether objects of a bucket written into `initial` under `rules` may reach DEEP_ARCHIVE (no Expedited restore there). */
const mayReachDeepArchive = (initial: StorageClass, rules: readonly LifecycleRule[]) =>
  initial === 'DEEP_ARCHIVE' || rules.some((r) => r.enabled && r.transitions.some((t) => t.storageClass === 'DEEP_ARCHIVE'));

/**
 * Restore events and drills (drills become events in months N, 2N, … of the horizon), checked:
 * a replica needs replication, Expedited needs no DEEP_ARCHIVE (nor Intelligent-Tiering's Deep
 * Archive Access) where the event reads, and an event cannot precede the horizon.
 */
function resolveRestoreEvents(file: ScenarioFile, lifecycle: LifecycleConfig, replication: ReplicationConfig | undefined, issues: InputIssue[]): Pick<RestoreConfig, 'events' | 'eventsAfterHorizon'> {
  const r = file.restores;
  const history = file.fleet?.history_months ?? 0;
  const start = file.horizon.start_month as MonthKey;
  const monthsFrom = (m: MonthKey) => {
    const a = parseMonthKey(start)!;
    const b = parseMonthKey(m)!;
    return (b.year - a.year) * 12 + (b.month - a.month);
  };
  type Raw = { name: string; month: MonthKey; devices?: number; devicesPct?: number; tier: RestoreTier; from: 'source' | 'replica'; destination: 'endpoints' | 'aws'; lostDatabase: boolean; prefix?: string; at: string };
  const raw: Raw[] = r.events.map((e, i) => ({
    name: e.name,
    month: e.month as MonthKey,
    ...(e.devices !== undefined ? { devices: e.devices } : {}),
    ...(e.devices_pct !== undefined ? { devicesPct: e.devices_pct } : {}),
    tier: e.tier,
    from: e.from_region,
    destination: e.destination,
    lostDatabase: e.lost_database,
    ...(e.prefix !== undefined ? { prefix: e.prefix } : {}),
    at: `restores.events[${i}]`,
  }));
  if (r.drills) {
    const d = r.drills;
    for (let m = d.every_months; m <= file.horizon.months; m += d.every_months) {
      raw.push({ name: 'drill', month: addMonths(start, m - 1), devices: d.devices, tier: d.tier, from: d.from_region, destination: d.destination, lostDatabase: true, at: 'restores.drills' });
    }
  }
  const events: RestoreEvent[] = [];
  const after: { name: string; month: MonthKey }[] = [];
  for (const e of raw) {
    const offset = monthsFrom(e.month);
    if (offset < 0) {
      issues.push({ path: `${e.at}.month`, value: e.month, message: `${e.month} is before the horizon, which starts in ${start}` });
      continue;
    }
    if (e.from === 'replica' && !replication) {
      issues.push({ path: `${e.at}.from_region`, value: 'replica', message: "there is no replica: add a replication section, or restore from 'source'" });
      continue;
    }
    if (e.tier === 'expedited') {
      const deep =
        e.from === 'replica'
          ? mayReachDeepArchive(replication!.storageClass, replication!.lifecycle.rules)
          : mayReachDeepArchive(file.bucket.storage_class, lifecycle.rules) || file.bucket.intelligent_tiering.deep_archive_access_days !== undefined;
      if (deep) {
        issues.push({ path: `${e.at}.tier`, value: 'expedited', message: `objects in the ${e.from === 'replica' ? 'replica' : 'bucket'} may be in Deep Archive, which has no expedited restore (allowed: standard, bulk)` });
        continue;
      }
    }
    if (e.prefix !== undefined && !OBJECT_KINDS.some((k) => sampleKey(file.bucket.key_prefix, k).startsWith(e.prefix as string))) {
      issues.push({
        path: `${e.at}.prefix`,
        value: e.prefix,
        message: `matches none of the fleet's keys (${file.bucket.key_prefix}{device}/duplicati-….{dblock,dindex,dlist}.zip.aes, {device} standing for every device's folder); device names are not modelled: select devices with devices or devices_pct`,
      });
      continue;
    }
    if (offset >= file.horizon.months) {
      after.push({ name: e.name, month: e.month });
      continue;
    }
    events.push({
      name: e.name,
      month: e.month,
      simMonth: history + offset,
      ...(e.devices !== undefined ? { devices: e.devices } : {}),
      ...(e.devicesPct !== undefined ? { devicesPct: e.devicesPct } : {}),
      tier: e.tier,
      fromReplica: e.from === 'replica',
      toEndpoints: e.destination === 'endpoints',
      lostDatabase: e.lostDatabase,
      ...(e.prefix !== undefined ? { prefix: e.prefix } : {}),
    });
  }
  events.sort((a, b) => a.simMonth - b.simMonth);
  return { events, eventsAfterHorizon: after };
}

function resolveLifecycle(file: ScenarioFile, issues: InputIssue[]): LifecycleConfig {
  const b = file.bucket;
  const rules: LifecycleRule[] = lifecycleRules(b.lifecycle);
  b.lifecycle.forEach((r, i) => {
    const prefix = r.filter.prefix;
    // Dump keys put the kind before the server (<key_prefix>full/<server>/…): such prefixes are literal.
    if (file.agent.kind === 'dumps') return;
    if (!prefix.includes('{device}') && prefix.startsWith(b.key_prefix) && prefix.length > b.key_prefix.length) {
      issues.push({
        path: `bucket.lifecycle[${i}].filter.prefix`,
        value: prefix,
        message: `'${prefix}' names one device's folder; tierwise applies rules to every device alike: write '{device}' for the device's folder (e.g. '${b.key_prefix}{device}/duplicati-b')`,
      });
    }
  });
  const config: LifecycleConfig = { rules, minTransitionSize: b.transition_default_minimum_object_size };
  issues.push(...lifecycleIssues(config));
  b.lifecycle.forEach((r, i) => {
    if (!b.versioning && (r.noncurrent_transitions.length > 0 || r.noncurrent_expiration_days !== undefined)) {
      issues.push({ path: `bucket.lifecycle[${i}]`, message: `rule '${r.id}' has noncurrent-version actions but bucket.versioning is false` });
    }
  });
  return config;
}

/** Resolves a validated scenario file; throws one ScenarioError listing every problem. */
export function resolveScenario(file: ScenarioFile, source?: string): Scenario {
  const issues: InputIssue[] = [];
  const a = file.agent;
  const monthLengths = a.version === 'legacy' ? 'legacy' : 'current';
  let retention: RetentionRules | undefined;
  try {
    retention = compileRetention(
      {
        ...(a.retention_policy ? { policy: parseRetentionPolicy(a.retention_policy, monthLengths) } : {}),
        ...(a.keep_versions !== undefined ? { keepVersions: a.keep_versions } : {}),
        ...(a.keep_time !== undefined ? { keepTime: a.keep_time } : {}),
        allowFullRemoval: a.allow_full_removal,
        ...(a.calendar_retention
          ? {
              calendar: {
                style: a.calendar_retention.style,
                keepDaily: a.calendar_retention.keep_daily,
                keepWeekly: a.calendar_retention.keep_weekly,
                keepMonthly: a.calendar_retention.keep_monthly,
              },
            }
          : {}),
      },
      {
        policy: 'agent.retention_policy',
        keepVersions: 'agent.keep_versions',
        keepTime: 'agent.keep_time',
        calendar: 'agent.calendar_retention',
        style: 'agent.calendar_retention.style',
        keepDaily: 'agent.calendar_retention.keep_daily',
        keepWeekly: 'agent.calendar_retention.keep_weekly',
        keepMonthly: 'agent.calendar_retention.keep_monthly',
      },
    );
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    issues.push(...e.issues);
  }
  const dblockBytes = a.dblock_size_mib * MIB;
  const agent: AgentOptions = {
    version: a.version,
    ...(retention?.options.policy ? { policy: retention.options.policy } : {}),
    ...(a.keep_versions !== undefined ? { keepVersions: a.keep_versions } : {}),
    ...(a.keep_time !== undefined ? { keepTime: a.keep_time } : {}),
    allowFullRemoval: a.allow_full_removal,
    dblockBytes,
    blockBytes: (a.block_size_kib ?? (a.version === 'legacy' ? 100 : 1024)) * KIB,
    autoCompact: a.auto_compact,
    thresholdPct: a.compact_threshold_pct,
    smallFileBytes: a.small_file_size_mib !== undefined ? a.small_file_size_mib * MIB : dblockBytes / 5,
    smallFileMaxCount: a.small_file_max_count,
    testSamples: a.backup_test_samples,
    testPercentage: a.backup_test_percentage_pct,
    backendVerification: a.backend_verification,
  };
  if (agent.blockBytes * 1 > dblockBytes) {
    issues.push({ path: 'agent.block_size_kib', value: a.block_size_kib, message: `a block (${agent.blockBytes / KIB} KiB) must fit in a dblock (${a.dblock_size_mib} MiB)` });
  }
  const dumps = a.kind === 'dumps' ? resolveDumps(file, issues) : undefined;
  const lifecycle = resolveLifecycle(file, issues);
  issues.push(...restoreTierIssues(file));
  const replication = resolveReplication(file, issues);
  const restoreEvents = resolveRestoreEvents(file, lifecycle, replication, issues);
  // The report is read when the run starts (it can be large); here only that it is there. Without
  // a source (a worker resolving the file again) the path means nothing and is not checked.
  const inventory = file.bucket.initial_inventory;
  if (inventory !== undefined && source !== undefined && !existsSync(resolvePath(dirname(source), inventory))) {
    issues.push({ path: 'bucket.initial_inventory', value: inventory, message: `no such file '${inventory}' (relative to the scenario's folder)` });
  }
  const resources = resolveResources(file, issues);
  if (issues.length > 0) throw new ScenarioError(issues, source);
  const history = file.fleet?.history_months ?? 0;
  const b = file.bucket;
  return {
    name: file.name,
    region: file.region,
    seed: file.seed,
    simStartMonth: addMonths(file.horizon.start_month as MonthKey, -history),
    simMonths: file.horizon.months + history,
    historyMonths: history,
    agent,
    retention: retention as RetentionRules,
    ...(dumps ? { dumps } : {}),
    ...(file.fleet ? { fleet: resolveFleet(file.fleet) } : {}),
    bucket: {
      storageClass: b.storage_class,
      keyPrefix: b.key_prefix,
      versioning: b.versioning,
      lifecycle,
      intelligentTiering: {
        ...(b.intelligent_tiering.archive_access_days !== undefined ? { archiveAccessDays: b.intelligent_tiering.archive_access_days } : {}),
        ...(b.intelligent_tiering.deep_archive_access_days !== undefined ? { deepArchiveAccessDays: b.intelligent_tiering.deep_archive_access_days } : {}),
      },
      endpointOutsideAws: b.endpoint_outside_aws,
      ...(b.initial_inventory !== undefined ? { initialInventory: { path: resolvePath(dirname(source ?? '.'), b.initial_inventory), shown: b.initial_inventory } } : {}),
    },
    restores: {
      devicesPctPerMonth: file.restores.devices_pct_per_month,
      lostDatabasePct: file.restores.lost_database_pct,
      tier: file.restores.tier,
      days: file.restores.days,
      ...restoreEvents,
      ...(file.restores.rto_hours !== undefined ? { rtoHours: file.restores.rto_hours } : {}),
      limits: {
        requestsPerSecond: file.restores.restore_requests_per_second,
        siteLinkGbps: file.restores.site_link_gbps,
        perDeviceMbps: file.restores.per_device_mbps,
      },
    },
    ...(replication ? { replication } : {}),
    account: {
      freeGBPerMonth: file.account.egress_free_gb_per_month,
      otherGBPerMonth: file.account.other_egress_gb_per_month,
    },
    ...(file.prices && Object.keys(file.prices.changes).length > 0 ? { priceChanges: Object.entries(file.prices.changes).map(([pattern, pct]) => ({ pattern, pct })) } : {}),
    ...(resources ? { resources } : {}),
    file,
    ...(source !== undefined ? { source } : {}),
  };
}

/**
 * A restore tier every archive class the objects can reach offers (DEEP_ARCHIVE has no
 * Expedited): refused here, as `estimate` refuses it, rather than deep in a simulation.
 */
function restoreTierIssues(file: ScenarioFile): InputIssue[] {
  const b = file.bucket;
  const reached = new Set<string>([b.storage_class]);
  for (const r of b.lifecycle) {
    if (r.status !== 'Enabled') continue;
    for (const t of r.transitions) reached.add(t.storage_class);
    for (const t of r.noncurrent_transitions) reached.add(t.storage_class);
  }
  const tier = file.restores.tier;
  const out: InputIssue[] = [];
  for (const cls of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
    const offered = restoreTiers(cls);
    if (reached.has(cls) && !offered.includes(tier)) {
      out.push({ path: 'restores.tier', value: tier, message: `objects reach ${cls}, which has no ${tier} restore (it offers ${offered.join(', ')})` });
    }
  }
  // Intelligent-Tiering's Deep Archive Access tier restores Standard or Bulk only.
  if (reached.has('INTELLIGENT_TIERING') && b.intelligent_tiering.deep_archive_access_days !== undefined && tier === 'expedited') {
    out.push({ path: 'restores.tier', value: tier, message: "objects reach Intelligent-Tiering's Deep Archive Access tier, which has no expedited restore (it offers standard, bulk)" });
  }
  return out;
}

/**
 * `agent.kind: dumps`: the dump agent's options, checked. Dumps larger than a part are multipart
 * uploads; into GLACIER or DEEP_ARCHIVE their parts would be billed as staging storage until
 * completed (S3 pricing, "Requests & data retrievals"), which tierwise does not model: write into
 * a class that takes multipart uploads at its own rates and transition by lifecycle instead.
 */
function resolveDumps(file: ScenarioFile, issues: InputIssue[]): DumpsConfig | undefined {
  const d = file.agent.dumps ?? dumpsSchema.parse({});
  const cls = file.bucket.storage_class;
  if (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') {
    issues.push({
      path: 'bucket.storage_class',
      value: cls,
      message: `dumps are written as multipart uploads, which ${cls} bills as staging storage until complete (not modelled): write into STANDARD, INTELLIGENT_TIERING, STANDARD_IA, ONEZONE_IA or GLACIER_IR and move them with a lifecycle transition`,
    });
  }
  let gfs: RetentionRules | undefined;
  if (d.gfs) {
    try {
      gfs = compileRetention(
        { allowFullRemoval: false, calendar: { style: d.gfs.style, keepDaily: d.gfs.keep_daily, keepWeekly: d.gfs.keep_weekly, keepMonthly: d.gfs.keep_monthly } },
        {
          policy: 'agent.dumps.gfs',
          keepVersions: 'agent.dumps.gfs',
          keepTime: 'agent.dumps.gfs',
          calendar: 'agent.dumps.gfs',
          style: 'agent.dumps.gfs.style',
          keepDaily: 'agent.dumps.gfs.keep_daily',
          keepWeekly: 'agent.dumps.gfs.keep_weekly',
          keepMonthly: 'agent.dumps.gfs.keep_monthly',
        },
      );
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
    }
  }
  return {
    fullEveryDays: d.full_every_days,
    between: d.between,
    logsPerDay: d.log_every_minutes > 0 ? 1440 / d.log_every_minutes : 0,
    logRatio: d.log_ratio,
    partBytes: d.part_size_mib * MIB,
    ...(gfs ? { gfs } : {}),
  };
}

/**
 * The resources section in the engine's form, checked across fields: a snapshot copy goes to
 * another region, and an archive restore falls inside the horizon.
 */
function resolveResources(file: ScenarioFile, issues: InputIssue[]): ResourcesConfig | undefined {
  const r = file.resources;
  if (!r) return undefined;
  const start = file.horizon.start_month as MonthKey;
  const end = addMonths(start, file.horizon.months - 1);
  r.ebs_snapshots.forEach((g, i) => {
    const copy = g.schedule.cross_region_copy;
    if (copy && copy.region === file.region) {
      issues.push({ path: `resources.ebs_snapshots[${i}].schedule.cross_region_copy.region`, value: copy.region, message: `'${copy.region}' is the scenario's own region; a cross-region copy needs another region` });
    }
    g.archive_restores.forEach((x, j) => {
      if (x.month < start || x.month > end) {
        issues.push({ path: `resources.ebs_snapshots[${i}].archive_restores[${j}].month`, value: x.month, message: `${x.month} is outside the horizon (${start} … ${end})` });
      }
      if (x.volumes > g.volumes) {
        issues.push({ path: `resources.ebs_snapshots[${i}].archive_restores[${j}].volumes`, value: x.volumes, message: `the group has ${g.volumes} volume(s); at most that many can be restored at once` });
      }
    });
  });
  return {
    ebsSnapshots: r.ebs_snapshots.map((g) => ({
      name: g.name,
      volumes: g.volumes,
      usedGiB: g.used_gib,
      dailyChangePct: g.daily_change_pct,
      schedule: {
        intervalHours: g.schedule.interval_hours,
        retainCount: g.schedule.retain_count,
        ...(g.schedule.archive ? { archive: { retainCount: g.schedule.archive.retain_count } } : {}),
        ...(g.schedule.cross_region_copy ? { crossRegionCopy: { region: g.schedule.cross_region_copy.region, retainCount: g.schedule.cross_region_copy.retain_count } } : {}),
      },
      archiveRestores: g.archive_restores.map((x) => ({ month: x.month as MonthKey, volumes: x.volumes })),
    })),
    ...(r.kms ? { kms: { keys: r.kms.keys, bucketKeys: r.kms.bucket_keys, bucketKeyReductionPct: r.kms.bucket_key_reduction_pct } } : {}),
    ...(r.cloudtrail
      ? {
          cloudtrail: {
            dataEventTrails: r.cloudtrail.data_event_trails,
            logBytesPerEvent: r.cloudtrail.log_bytes_per_event,
            logDeliveriesPerHour: r.cloudtrail.log_deliveries_per_hour,
            logRegions: r.cloudtrail.log_regions,
            logRetentionDays: r.cloudtrail.log_retention_days,
          },
        }
      : {}),
    ...(r.cloudwatch ? { cloudwatch: { alarms: r.cloudwatch.alarms, customMetrics: r.cloudwatch.custom_metrics } } : {}),
    ...(r.sns ? { sns: { emailSubscribers: r.sns.email_subscribers } } : {}),
    ...(r.vpn ? { vpn: { connections: r.vpn.connections, transferOutGBPerMonth: r.vpn.transfer_out_gb_per_month } } : {}),
    fsx: r.fsx.map((fs) => ({
      name: fs.name,
      deployment: fs.deployment,
      storageType: fs.storage_type,
      storageGiB: fs.storage_gib,
      throughputMBps: fs.throughput_mbps,
      usedGiB: fs.used_gib,
      dailyChangePct: fs.daily_change_pct,
      backupRetentionDays: fs.backup_retention_days,
    })),
  };
}
