/**
 * The scenario file schema (`version: 1`). Units live in key names (`_gib`, `_days`, `_pct`,
 * `_mib`). Validation happens once, at load; the engine trusts what comes out.
 * Published as JSON Schema by `tierwise schema` so editors can autocomplete.
 */
import { z } from 'zod';
import { parseDuration, parseRetentionPolicy, PolicySyntaxError } from '../retention/policy.js';
import { REGION_CODES } from '../usage/regions.js';
import { STORAGE_CLASSES } from '../storage/classes.js';
import { parseMonthKey } from '../units.js';

/** JSON Schema patterns, so editors flag a bad value as it is typed (the parsers decide). */
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
export const DURATION_PATTERN = '^(\\d+|(\\d+[smhDWMY])+)$';

/** A Duplicati retention policy string, checked by the real parser. */
const retentionPolicyText = z
  .string()
  .describe("Duplicati --retention-policy, e.g. '7D:1D,4W:1W,12M:1M' (units s m h D W M Y; U = unlimited / keep all)")
  .superRefine((text, ctx) => {
    try {
      parseRetentionPolicy(text);
    } catch (e) {
      if (!(e instanceof PolicySyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', message: e.message, input: text });
    }
  });

/** A Duplicati duration such as `90D` or `1Y`. */
const durationText = z
  .string()
  .describe("A Duplicati duration, e.g. '90D', '6M', '1Y' (units s m h D W M Y)")
  .meta({ pattern: DURATION_PATTERN })
  .superRefine((text, ctx) => {
    try {
      if (parseDuration(text) <= 0) ctx.addIssue({ code: 'custom', message: `duration '${text}' must be positive`, input: text });
    } catch (e) {
      if (!(e instanceof PolicySyntaxError)) throw e;
      ctx.addIssue({ code: 'custom', message: e.message, input: text });
    }
  });

const monthText = z
  .string()
  .describe('A calendar month, YYYY-MM')
  .meta({ pattern: MONTH_PATTERN })
  .superRefine((text, ctx) => {
    if (parseMonthKey(text) === undefined) ctx.addIssue({ code: 'custom', message: `expected a month as YYYY-MM (e.g. 2027-01), got '${text}'`, input: text });
  });

/**
 * The ranges every quantity is held to. They keep every figure the engine computes finite and
 * meaningful: beyond them a scenario describes no Duplicati fleet (and would bill ~$1e17 a month).
 */
export const LIMITS = {
  /** Protected data of one device: 1 MiB … 100 TiB. */
  minDeviceGiB: 1 / 1024,
  maxDeviceGiB: 102_400,
  /** p90 / median of a lognormal size: beyond 100 the tail is no longer a fleet's spread. */
  maxSpread: 100,
  /** Average file 1 KiB … 1 GiB. */
  maxFilesPerGiB: 1_000_000,
  minFilesPerGiB: 1,
  /** Duplicati --blocksize, KiB. */
  minBlockKiB: 1,
  maxBlockKiB: 65_536,
  /** Counts of versions, samples and files. */
  keepCount: 10_000,
  maxTestSamples: 100_000,
  maxSmallFiles: 100_000,
  /** Lifecycle days: a century. */
  maxDays: 36_500,
  /** S3's largest lifecycle object-size filter (50 TB). */
  maxFilterBytes: 50 * 2 ** 40,
  /** The generator takes 32-bit seeds: larger ones would repeat smaller ones. */
  maxSeed: 2 ** 32 - 1,
} as const;

const pct = (what: string) => z.number().min(0).max(100).describe(`${what}, percent (0–100)`);

export const calendarRetentionSchema = z
  .strictObject({
    style: z.enum(['restic', 'borg']).default('restic').describe('restic lets one snapshot count for several rules; borg does not'),
    keep_daily: z.int().min(0).max(LIMITS.keepCount).default(0).describe('Keep the newest backup of each of the last N days (0–10,000)'),
    keep_weekly: z.int().min(0).max(LIMITS.keepCount).default(0).describe('Keep the newest backup of each of the last N ISO weeks (0–10,000)'),
    keep_monthly: z.int().min(0).max(LIMITS.keepCount).default(0).describe('Keep the newest backup of each of the last N calendar months (0–10,000)'),
  })
  .describe('Calendar GFS retention in the restic/borg style (keep the newest per day / ISO week / month), for comparison');

/**
 * The database-dump agent (`agent.kind: dumps`): full dumps every N days, differentials or
 * incrementals in between, transaction-log backups every M minutes, each written as one object
 * (multipart above the part size). Sizes come from the fleet's data size (the database),
 * daily_change_pct, growth_pct_per_month and compression_ratio.
 */
export const dumpsSchema = z
  .strictObject({
    full_every_days: z.int().min(1).max(366).default(7).describe('A full dump every N days (1–366), at the fleet\'s backup_time_utc'),
    between: z
      .enum(['differential', 'incremental', 'none'])
      .default('differential')
      .describe('On the other days: a differential (pages changed since the full), an incremental (pages changed since the previous dump) or nothing'),
    log_every_minutes: z.int().min(0).max(1440).default(15).describe('Transaction-log backup every M minutes (0 = none); M must divide 1,440'),
    log_ratio: z.number().min(0).max(100).default(1).describe('Log bytes written per byte of data changed, before compression (0–100)'),
    part_size_mib: z.number().min(5).max(5120).default(8).describe('Multipart part size, MiB (5–5,120; the AWS CLI default is 8): larger objects are uploaded in parts'),
    gfs: calendarRetentionSchema
      .optional()
      .describe('Delete dump chains (a full and everything written until the next full) by a calendar GFS rule on the fulls\' times; without it only the bucket lifecycle deletes'),
  })
  .superRefine((d, ctx) => {
    if (d.log_every_minutes > 0 && 1440 % d.log_every_minutes !== 0) {
      ctx.addIssue({ code: 'custom', path: ['log_every_minutes'], input: d.log_every_minutes, message: `${d.log_every_minutes} does not divide a day (1,440 minutes); allowed: a divisor of 1,440 such as 5, 10, 15, 30, 60` });
    }
    if (d.gfs && d.gfs.keep_daily + d.gfs.keep_weekly + d.gfs.keep_monthly === 0) {
      ctx.addIssue({ code: 'custom', path: ['gfs'], message: 'a GFS rule needs at least one of keep_daily, keep_weekly, keep_monthly above 0' });
    }
  })
  .describe('Database dumps written as files (agent.kind: dumps)');

export const agentSchema = z
  .strictObject({
    // Optional rather than defaulted, so that the scenario as read (shown in reports) is unchanged for Duplicati.
    kind: z.enum(['duplicati', 'dumps']).optional().describe('The backup agent: duplicati (the default: Duplicati volumes) or dumps (database dumps written as files, see agent.dumps)'),
    dumps: dumpsSchema.optional(),
    version: z
      .enum(['current', 'legacy'])
      .default('current')
      .describe('Duplicati behaviour: current (2.2.x: fixed 30-day months, archived objects skipped by verification) or legacy (≤ 2.1.0.5: calendar months, 100 KiB blocks, verification GETs archived objects)'),
    retention_policy: retentionPolicyText.optional(),
    keep_versions: z.int().min(1).max(LIMITS.keepCount).optional().describe('Duplicati --keep-versions: keep the newest N full backups (1–10,000)'),
    keep_time: durationText.optional().describe('Duplicati --keep-time: delete versions older than this'),
    calendar_retention: calendarRetentionSchema.optional(),
    allow_full_removal: z.boolean().default(false).describe('Duplicati --allow-full-removal: let retention delete the newest version too'),
    dblock_size_mib: z.number().gt(0).max(4096).default(50).describe('Duplicati --dblock-size (MiB, up to 4,096)'),
    block_size_kib: z.number().min(LIMITS.minBlockKiB).max(LIMITS.maxBlockKiB).optional().describe('Duplicati --blocksize (KiB, 1–65,536); default 1024, or 100 for legacy'),
    auto_compact: z.boolean().default(true).describe('false = Duplicati --no-auto-compact'),
    compact_threshold_pct: pct('Duplicati --threshold').default(25),
    small_file_size_mib: z.number().gt(0).max(4096).optional().describe('Duplicati --small-file-size (MiB, up to 4,096); default dblock size / 5'),
    small_file_max_count: z.int().min(0).max(LIMITS.maxSmallFiles).default(20).describe('Duplicati --small-file-max-count (0–100,000)'),
    backup_test_samples: z.int().min(0).max(LIMITS.maxTestSamples).default(1).describe('Duplicati --backup-test-samples (0–100,000)'),
    backup_test_percentage_pct: pct('Duplicati --backup-test-percentage').default(0.1),
    backend_verification: z.boolean().default(true).describe('false = Duplicati --no-backend-verification (no LISTs, no samples)'),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'dumps') {
      for (const k of ['retention_policy', 'keep_versions', 'keep_time', 'calendar_retention', 'block_size_kib', 'small_file_size_mib'] as const) {
        if (a[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], input: a[k], message: `${k} is a Duplicati option; with kind: dumps set retention under agent.dumps.gfs or in the bucket lifecycle` });
      }
    } else if (a.dumps) {
      ctx.addIssue({ code: 'custom', path: ['dumps'], message: "agent.dumps needs kind: dumps (the agent is Duplicati otherwise)" });
    }
    if (a.calendar_retention && (a.retention_policy || a.keep_versions || a.keep_time)) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendar_retention'],
        message: 'calendar_retention cannot be combined with retention_policy, keep_versions or keep_time (choose one model)',
      });
    }
  })
  .describe('The backup agent (Duplicati) and its options');

/** Protected data per device: fixed, or lognormal given its median and 90th percentile. */
const deviceGiB = () => z.number().min(LIMITS.minDeviceGiB).max(LIMITS.maxDeviceGiB);
const dataSizeSchema = z.union([
  z.strictObject({
    distribution: z.literal('fixed').describe('every device holds the same amount'),
    gib: deviceGiB().describe('GiB per device (1/1024 – 102,400, i.e. 1 MiB – 100 TiB)'),
  }),
  z
    .strictObject({
      distribution: z.literal('lognormal').describe('sizes spread as a lognormal, given by its median and 90th percentile'),
      median_gib: deviceGiB().describe('Median GiB per device (1 MiB – 100 TiB)'),
      p90_gib: deviceGiB().describe('90th percentile, GiB per device: above the median, at most 100 × it, at most 100 TiB'),
      max_gib: deviceGiB().optional().describe('Clip the tail at this size (default and at most 100 TiB)'),
    })
    .superRefine((d, ctx) => {
      if (!(d.p90_gib > d.median_gib)) ctx.addIssue({ code: 'custom', path: ['p90_gib'], input: d.p90_gib, message: `p90_gib (${d.p90_gib}) must be greater than median_gib (${d.median_gib})` });
      else if (d.p90_gib > d.median_gib * LIMITS.maxSpread) {
        ctx.addIssue({ code: 'custom', path: ['p90_gib'], input: d.p90_gib, message: `p90_gib (${d.p90_gib}) may be at most ${LIMITS.maxSpread} × median_gib (${d.median_gib})` });
      }
    }),
]);

/** What a kind of device holds and how it behaves; profile fields override fleet-wide defaults. */
const deviceBehaviour = {
  protected_data: dataSizeSchema.optional().describe('Uncompressed data each device backs up'),
  growth_pct_per_month: z.number().min(0).max(100).optional().describe('Growth of protected data per 30 days, percent of the initial size'),
  daily_change_pct: z.number().min(0).max(100).optional().describe('Share of the data changed per day, percent'),
  hot_set_pct: z.number().min(0.1).max(100).optional().describe('Share of the data that receives most changes (mail stores, databases), percent (0.1–100)'),
  hot_change_share_pct: z.number().min(0).max(100).optional().describe('Share of the changes that fall on the hot set, percent'),
  compression_ratio: z.number().min(0.01).max(1).optional().describe('Compressed ÷ original size of uploaded data (0.01–1)'),
  files_per_gib: z.number().min(LIMITS.minFilesPerGiB).max(LIMITS.maxFilesPerGiB).optional().describe('Files per GiB of protected data (1–1,000,000; sets the dlist size)'),
  offline_pct: z.number().min(0).max(100).optional().describe('Daily probability that the device is off and misses its backup, percent'),
};

const profileSchema = z.strictObject({
  name: z.string().min(1).describe('Name of the kind of device, unique in the fleet'),
  os: z.enum(['windows', 'linux', 'macos']).describe('Operating system of these devices'),
  share_pct: z.number().gt(0).max(100).describe('Share of the fleet, percent (profiles must add up to 100)'),
  ...deviceBehaviour,
});

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time of day as HH:MM (00:00–23:59)' });

export const fleetSchema = z
  .strictObject({
    devices: z.int().min(1).max(1_000_000).describe('Devices at the start of the horizon'),
    max_devices: z.int().min(1).max(1_000_000).optional().describe('Devices the fleet grows to (linear ramp)'),
    ramp_months: z.int().min(1).max(240).optional().describe('Months the ramp to max_devices takes'),
    onboarding_days: z.int().min(1).max(365).default(30).describe('The starting devices make their first (full) backup spread over this many days'),
    history_months: z.int().min(0).max(60).default(0).describe('Simulate this many months before the horizon, unbilled, so the fleet starts in steady state'),
    retire_pct_per_year: z.number().min(0).max(100).default(0).describe('Devices decommissioned per year, percent (replaced to keep the target count)'),
    retired_data: z.enum(['keep', 'delete']).default('keep').describe("What happens to a retired device's prefix: kept as is, or deleted at once"),
    backup_time_utc: timeOfDay.default('01:00').describe('Scheduled daily backup start, UTC'),
    schedule_spread_minutes: z.number().min(0).max(1440).default(120).describe('Devices are scheduled uniformly over this window after backup_time_utc'),
    start_jitter_minutes: z.number().min(0).max(720).default(15).describe('Day-to-day delay of a backup start, uniform in [0, this)'),
    backup_duration_minutes: z.number().min(0).max(1440).default(20).describe('Retention, compaction and verification run this long after the start'),
    profiles: z.array(profileSchema).min(1).describe('Kinds of device (OS and behaviour), with their share of the fleet'),
    ...deviceBehaviour,
  })
  .superRefine((f, ctx) => {
    const total = f.profiles.reduce((a, p) => a + p.share_pct, 0);
    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['profiles'], message: `profile shares add up to ${total}%, not 100%` });
    if (f.max_devices !== undefined && f.max_devices < f.devices) {
      ctx.addIssue({ code: 'custom', path: ['max_devices'], message: `max_devices (${f.max_devices}) is below devices (${f.devices})` });
    }
    if (f.max_devices !== undefined && f.ramp_months === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ramp_months'], message: 'ramp_months is required with max_devices' });
    }
    const seen = new Map<string, number>();
    f.profiles.forEach((p, i) => {
      const first = seen.get(p.name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['profiles', i, 'name'], input: p.name, message: `profile name '${p.name}' is already used by profiles[${first}]; each profile needs its own name` });
      } else seen.set(p.name, i);
      if (!p.protected_data && !f.protected_data) {
        ctx.addIssue({ code: 'custom', path: ['profiles', i, 'protected_data'], message: 'protected_data is required here or at fleet level' });
      }
    });
  })
  .describe('The devices that back up');

const lifecycleDays = (min: number) => z.int().min(min).max(LIMITS.maxDays);

const transitionSchema = z
  .strictObject({
    days: lifecycleDays(0).describe('Days after creation (rounded up to the next midnight UTC; 0–36,500)'),
    storage_class: z.enum(STORAGE_CLASSES).describe('Class the objects move to'),
  })
  .describe('S3 lifecycle Transition');

const noncurrentTransitionSchema = z
  .strictObject({
    noncurrent_days: lifecycleDays(0).describe('Days after the version became noncurrent (0–36,500)'),
    storage_class: z.enum(STORAGE_CLASSES).describe('Class the noncurrent versions move to'),
  })
  .describe('S3 lifecycle NoncurrentVersionTransition');

export const lifecycleRuleSchema = z
  .strictObject({
    id: z.string().min(1).describe('Rule ID, as in the bucket lifecycle configuration'),
    status: z.enum(['Enabled', 'Disabled']).default('Enabled').describe('A Disabled rule does nothing'),
    filter: z
      .strictObject({
        prefix: z.string().default('').describe("Key prefix; '{device}' stands for each device's folder name (S3 needs one rule per device for that)"),
        object_size_greater_than_bytes: z.int().min(0).max(LIMITS.maxFilterBytes).optional().describe('S3 ObjectSizeGreaterThan: only objects larger than this, bytes (at most 50 TB)'),
        object_size_less_than_bytes: z.int().min(1).max(LIMITS.maxFilterBytes).optional().describe('S3 ObjectSizeLessThan: only objects smaller than this, bytes (at most 50 TB)'),
      })
      .default({ prefix: '' })
      .describe('Which objects the rule applies to (S3 lifecycle Filter)'),
    transitions: z.array(transitionSchema).default([]).describe('Moves of current objects to other classes'),
    expiration_days: lifecycleDays(1).optional().describe('S3 Expiration Days: current objects expire this many days after creation (1–36,500)'),
    noncurrent_transitions: z.array(noncurrentTransitionSchema).default([]).describe('Moves of noncurrent versions (versioned buckets)'),
    noncurrent_expiration_days: lifecycleDays(1).optional().describe('S3 NoncurrentVersionExpiration: noncurrent versions are deleted this many days after becoming noncurrent (1–36,500)'),
  })
  .describe('One S3 lifecycle rule');

export const bucketSchema = z
  .strictObject({
    storage_class: z.enum(STORAGE_CLASSES).default('STANDARD').describe('Class the agent writes objects into (Duplicati --s3-storage-class)'),
    key_prefix: z.string().default('backups/').describe('Objects are written under <key_prefix><device>/'),
    versioning: z.boolean().default(false).describe('S3 versioning enabled: deleted and replaced objects stay as noncurrent versions (billed) until a lifecycle rule removes them'),
    transition_default_minimum_object_size: z
      .enum(['all_storage_classes_128K', 'varies_by_storage_class'])
      .default('all_storage_classes_128K')
      .describe("S3 TransitionDefaultMinimumObjectSize: objects under 128 KiB do not transition (all_storage_classes_128K, S3's default) or only not to the IA classes (varies_by_storage_class)"),
    intelligent_tiering: z
      .strictObject({
        archive_access_days: z.int().min(90).max(730).optional().describe('Opt-in Archive Access tier after this many days without access'),
        deep_archive_access_days: z.int().min(180).max(730).optional().describe('Opt-in Deep Archive Access tier after this many days without access'),
      })
      .default({})
      .describe('Opt-in archive tiers of S3 Intelligent-Tiering (bucket configuration)'),
    lifecycle: z.array(lifecycleRuleSchema).default([]).describe('The bucket lifecycle configuration'),
    endpoint_outside_aws: z.boolean().default(true).describe('Devices are outside AWS: every byte they download is internet egress'),
    initial_inventory: z
      .string()
      .min(1)
      .optional()
      .describe(
        "An S3 Inventory report of the bucket as it is (its manifest.json, or a .parquet data file; path relative to this file), with Size, StorageClass and LastModifiedDate: its objects are in the bucket from day 0 and age from their LastModifiedDate under this lifecycle",
      ),
  })
  .describe('The S3 bucket');

export const replicationSchema = z
  .strictObject({
    destination_region: z.enum(REGION_CODES as [string, ...string[]]).describe('Region of the destination bucket (must differ from region: Cross-Region Replication)'),
    storage_class: z.enum(STORAGE_CLASSES).optional().describe("Class the replicas are written in (default: the bucket's storage_class, as S3 keeps the source's class)"),
    replication_time_control: z.boolean().default(false).describe('S3 Replication Time Control: adds a per-GB charge on every replicated byte'),
    replicate_deletes: z
      .boolean()
      .default(false)
      .describe("Delete-marker replication: the agent's deletes make the replicas noncurrent (their expiry then follows lifecycle's noncurrent rules); false = the destination keeps everything"),
    filter: z
      .strictObject({
        prefix: z.string().default('').describe("Literal key prefix of what is replicated ('' = the whole bucket). S3 replication rules filter by prefix and tags, not by object size"),
      })
      .default({ prefix: '' })
      .describe('What is replicated (S3 replication rules filter by prefix and tags)'),
    lifecycle: z.array(lifecycleRuleSchema).default([]).describe("The destination bucket's lifecycle rules (same schema as bucket.lifecycle); ages count from the source object's creation"),
  })
  .describe('Cross-Region Replication of new objects into a second bucket (needs bucket.versioning: true); objects written before it is enabled are not copied');

const restoreTier = z.enum(['expedited', 'standard', 'bulk']);
const fromRegion = z.enum(['source', 'replica']).describe("Read from the bucket ('source') or from the replication destination ('replica')");
const restoreDestination = z
  .enum(['endpoints', 'aws'])
  .describe("Where the data goes: 'endpoints' (the devices, over the site link; internet egress when they are outside AWS) or 'aws' (a test location in the same AWS region: no egress, no site link)");

export const restoreEventSchema = z
  .strictObject({
    month: monthText.describe('Month the event happens (its first day, 12:00 UTC)'),
    name: z.string().min(1).describe('Shown in reports, e.g. ransomware'),
    devices: z.int().min(1).optional().describe('Devices restored: the first N places of the fleet'),
    devices_pct: z.number().gt(0).max(100).optional().describe('Devices restored, percent of those in service'),
    tier: restoreTier.default('bulk').describe('Restore tier for archived objects'),
    from_region: fromRegion.default('source'),
    destination: restoreDestination.default('endpoints'),
    lost_database: z.boolean().default(true).describe('Devices lost their local database (a ransomware or disaster recovery): every dindex file and the dlist are read too'),
    prefix: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Restore only the objects whose key starts with this prefix, matched like a lifecycle filter against the fleet's keys <key_prefix>{device}/duplicati-…; '{device}' stands for every device's folder (e.g. 'backups/{device}/duplicati-b' = dblock files only). Default: everything the devices need",
      ),
  })
  .refine((e) => (e.devices === undefined) !== (e.devices_pct === undefined), { message: 'give exactly one of devices (a count) or devices_pct (a share of the fleet)', path: ['devices'] });

export const restoreDrillSchema = z.strictObject({
  every_months: z.int().min(1).max(120).describe('A drill every N months of the horizon (months N, 2N, …)'),
  devices: z.int().min(1).describe('Devices restored in each drill: the first N places of the fleet'),
  tier: restoreTier.default('bulk').describe('Restore tier for archived objects'),
  from_region: fromRegion.default('source'),
  destination: restoreDestination.default('aws'),
});

export const restoresSchema = z
  .strictObject({
    devices_pct_per_month: z.number().min(0).max(100).default(0).describe('Share of devices doing a full restore of their latest version each month, percent'),
    lost_database_pct: z.number().min(0).max(100).default(50).describe('Share of restores without the local database (lost machine): all dindex files are read too'),
    tier: z.enum(['expedited', 'standard', 'bulk']).default('bulk').describe('Restore tier for archived objects'),
    days: z.int().min(1).max(365).default(7).describe('Days the restored copies are kept'),
    events: z.array(restoreEventSchema).default([]).describe('Restores of many devices at once (a ransomware recovery, a site loss), each with its cost and time to restore'),
    drills: restoreDrillSchema.optional().describe('Periodic restore drills'),
    rto_hours: z.number().gt(0).max(8760).optional().describe('Recovery time objective: a finding when an event takes longer'),
    restore_requests_per_second: z.number().gt(0).max(1e6).default(1000).describe("RestoreObject requests S3 accepts per second for the account (default: the commonly cited 1,000; set your account's quota)"),
    site_link_gbps: z.number().gt(0).max(100_000).default(10).describe("The site's internet link that restores to endpoints share, Gbit/s"),
    per_device_mbps: z.number().gt(0).max(1e6).default(100).describe('The most one device downloads, Mbit/s'),
  })
  .describe('Occasional full restores, restore events and drills');

export const accountSchema = z
  .strictObject({
    egress_free_gb_per_month: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe('GB of the AWS account\'s monthly free internet egress (100 GB, across services and regions) this workload may use; a large organisation spends it elsewhere'),
    other_egress_gb_per_month: z
      .number()
      .min(0)
      .max(1e9)
      .default(0)
      .describe('GB the account already sends to the internet each month from other workloads: this workload starts above them in the egress tiers'),
  })
  .describe('The AWS account the bucket belongs to: internet egress is free and tiered account-wide');

export const pricesSchema = z
  .strictObject({
    changes: z
      .record(z.string().min(1), z.number().min(-100).max(1000).describe('Percent (−100 … 1,000)'))
      .default({})
      .describe("Usage-type pattern ('*' = any characters, e.g. '*TimedStorage-GDA-ByteHrs') → percent change of its rates; the first matching pattern applies"),
  })
  .describe('Price changes the scenario assumes, applied to every rate of the price book as Decimal multipliers');
/**
 * DLM CreateRule Interval values with IntervalUnit HOURS ("CreateRule", DLM API Reference); a
 * multiple of 24 stands for a daily, weekly or monthly cron schedule at a fixed spacing.
 */
export const DLM_HOURLY_INTERVALS = [1, 2, 3, 4, 6, 8, 12, 24] as const;
/** Days an archived snapshot must stay archived (DLM RetentionArchiveTier; the archive tier's 90-day minimum). */
export const EBS_ARCHIVE_MIN_DAYS = 90;

const dlmScheduleSchema = z
  .strictObject({
    interval_hours: z
      .int()
      .min(1)
      .max(8784)
      .describe('Hours between snapshots: 1, 2, 3, 4, 6, 8, 12 or 24 (DLM CreateRule Interval), or a multiple of 24 for a cron schedule (168 = weekly)'),
    retain_count: z.int().min(1).max(1000).describe('Snapshots kept in the standard tier per volume (DLM RetainRule Count, 1–1,000)'),
    archive: z
      .strictObject({
        retain_count: z.int().min(1).max(1000).describe('Archived snapshots kept per volume (DLM RetentionArchiveTier Count); each must stay archived at least 90 days'),
      })
      .optional()
      .describe('Move snapshots that leave the standard tier to EBS Snapshots Archive (full snapshots, 90-day minimum)'),
    cross_region_copy: z
      .strictObject({
        region: z.enum(REGION_CODES as [string, ...string[]]).describe('Destination region of the copies'),
        retain_count: z.int().min(1).max(1000).describe('Copies kept in the destination per volume'),
      })
      .optional()
      .describe('DLM CrossRegionCopyRule: every snapshot is copied to another region'),
  })
  .superRefine((s, ctx) => {
    if (s.interval_hours < 24 ? !(DLM_HOURLY_INTERVALS as readonly number[]).includes(s.interval_hours) : s.interval_hours % 24 !== 0) {
      ctx.addIssue({ code: 'custom', path: ['interval_hours'], input: s.interval_hours, message: `interval_hours must be one of ${DLM_HOURLY_INTERVALS.join(', ')} or a multiple of 24 (got ${s.interval_hours})` });
    }
    if (s.archive && (s.archive.retain_count * s.interval_hours) / 24 < EBS_ARCHIVE_MIN_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['archive', 'retain_count'],
        input: s.archive.retain_count,
        message: `archived snapshots must stay archived at least ${EBS_ARCHIVE_MIN_DAYS} days: ${s.archive.retain_count} × ${s.interval_hours} h is ${(s.archive.retain_count * s.interval_hours) / 24} days (need retain_count ≥ ${Math.ceil((EBS_ARCHIVE_MIN_DAYS * 24) / s.interval_hours)})`,
      });
    }
  });

const ebsVolumeGroupSchema = z.strictObject({
  name: z.string().min(1).describe('Name of the volume group, shown in reports'),
  volumes: z.int().min(1).max(100_000).describe('Identical EBS volumes under the policy (1–100,000)'),
  used_gib: z.number().gt(0).max(65_536).describe('Blocks written on each volume, GiB (what the first snapshot holds; at most 64 TiB)'),
  daily_change_pct: z.number().min(0).max(100).describe('Share of the used blocks overwritten per day, percent'),
  schedule: dlmScheduleSchema.describe('The DLM policy schedule'),
  archive_restores: z
    .array(z.strictObject({ month: monthText, volumes: z.int().min(1).describe('Archived snapshots restored (one full snapshot each)') }))
    .default([])
    .describe('Restores of archived snapshots to the standard tier (billed per GB retrieved)'),
});

const fsxSchema = z.strictObject({
  name: z.string().min(1).describe('Name of the file system, shown in reports'),
  deployment: z.enum(['single-az', 'multi-az']).describe('FSx for Windows deployment type'),
  storage_type: z.enum(['ssd', 'hdd']).describe('Storage type'),
  storage_gib: z.int().min(32).max(65_536).describe('Provisioned storage capacity, GiB (32–65,536; HDD needs at least 2,000)'),
  throughput_mbps: z.int().min(8).max(12_288).describe('Provisioned throughput capacity, MBps (8, 16, 32, … 12,288)'),
  used_gib: z.number().min(0).max(65_536).describe('Data on the file system, GiB (what the first backup holds)'),
  daily_change_pct: z.number().min(0).max(100).default(1).describe('Share of the data changed per day, percent'),
  backup_retention_days: z.int().min(0).max(90).default(30).describe('Automatic daily backups kept, days (0 = off, up to 90; AWS default 30)'),
});

export const resourcesSchema = z
  .strictObject({
    ebs_snapshots: z.array(ebsVolumeGroupSchema).default([]).describe('EBS volumes snapshotted by Amazon Data Lifecycle Manager'),
    kms: z
      .strictObject({
        keys: z.int().min(0).max(10_000).describe('Customer managed KMS keys (bucket, snapshots, …), billed per key-month'),
        bucket_keys: z.boolean().default(false).describe('S3 Bucket Keys on the bucket (fewer KMS requests)'),
        bucket_key_reduction_pct: z.number().min(0).max(100).default(99).describe('Reduction of KMS requests with Bucket Keys, percent (AWS: "up to 99 percent"; default 99, the best case)'),
      })
      .optional()
      .describe('SSE-KMS on the bucket: a GenerateDataKey per PUT and a Decrypt per GET without Bucket Keys'),
    cloudtrail: z
      .strictObject({
        data_event_trails: z.int().min(1).max(5).default(1).describe('Trails that log the bucket\'s S3 data events (each copy is charged)'),
        log_bytes_per_event: z.number().gt(0).max(100_000).default(250).describe('Compressed bytes one event takes in the log files'),
        log_deliveries_per_hour: z.number().min(0).max(3600).default(12).describe('Log files delivered per hour per region (about one every 5 minutes)'),
        log_regions: z.int().min(1).max(40).default(1).describe('Regions the trail delivers log files from (a multi-region trail: every enabled region)'),
        log_retention_days: z.int().min(1).max(36_500).default(365).describe("Days the log bucket keeps log files (its lifecycle expiration)"),
      })
      .optional()
      .describe('A CloudTrail trail logging the bucket\'s S3 data events, and its log bucket'),
    cloudwatch: z
      .strictObject({
        alarms: z.int().min(0).max(100_000).default(0).describe('Standard-resolution metric alarms'),
        custom_metrics: z.int().min(0).max(1_000_000).default(0).describe('Custom metrics published'),
      })
      .optional()
      .describe('CloudWatch alarms and metrics on backup health'),
    sns: z
      .strictObject({
        email_subscribers: z.int().min(1).max(10_000).describe('E-mail addresses subscribed to the backup-failure topic'),
      })
      .optional()
      .describe('SNS e-mail alert per failed backup run (devices offline at backup time)'),
    vpn: z
      .strictObject({
        connections: z.int().min(1).max(100).describe('Site-to-Site VPN connections'),
        transfer_out_gb_per_month: z.number().min(0).max(1e9).default(0).describe('GB sent from AWS to the site over the VPN per month (data transfer out)'),
      })
      .optional()
      .describe('AWS Site-to-Site VPN to the site'),
    fsx: z.array(fsxSchema).default([]).describe('Amazon FSx for Windows File Server file systems'),
  })
  .superRefine((r, ctx) => {
    r.fsx.forEach((fs, i) => {
      if (fs.storage_type === 'hdd' && fs.storage_gib < 2000) ctx.addIssue({ code: 'custom', path: ['fsx', i, 'storage_gib'], input: fs.storage_gib, message: `HDD storage needs at least 2,000 GiB (got ${fs.storage_gib})` });
      if (fs.used_gib > fs.storage_gib) ctx.addIssue({ code: 'custom', path: ['fsx', i, 'used_gib'], input: fs.used_gib, message: `used_gib (${fs.used_gib}) exceeds storage_gib (${fs.storage_gib})` });
      if (!Number.isInteger(Math.log2(fs.throughput_mbps))) ctx.addIssue({ code: 'custom', path: ['fsx', i, 'throughput_mbps'], input: fs.throughput_mbps, message: `throughput_mbps must be a power of two (8, 16, 32, …; got ${fs.throughput_mbps})` });
    });
    r.ebs_snapshots.forEach((g, i) => {
      if (g.archive_restores.length > 0 && !g.schedule.archive) ctx.addIssue({ code: 'custom', path: ['ebs_snapshots', i, 'archive_restores'], message: 'archive_restores need schedule.archive (nothing is archived)' });
    });
  })
  .describe('Priced resources beyond the S3 bucket: EBS snapshots (DLM), KMS, CloudTrail, CloudWatch, SNS, Site-to-Site VPN, FSx for Windows');

export const scenarioSchema = z
  .strictObject({
    version: z.literal(1).describe('Scenario file format version'),
    name: z.string().min(1).describe('Short name shown in reports'),
    description: z.string().optional().describe('Free text about the scenario'),
    horizon: z
      .strictObject({
        start_month: monthText.describe('First simulated month, YYYY-MM'),
        months: z.int().min(1).max(240).describe('Number of months to simulate'),
      })
      .describe('What period to simulate'),
    region: z.enum(REGION_CODES as [string, ...string[]]).describe('AWS region of the bucket'),
    seed: z.int().min(0).max(LIMITS.maxSeed).default(1).describe('Seed of the random generator (0 – 4,294,967,295): same seed, same report'),
    agent: agentSchema.default(() => agentSchema.parse({})),
    fleet: fleetSchema.optional(),
    bucket: bucketSchema.default(() => bucketSchema.parse({})),
    replication: replicationSchema.optional(),
    restores: restoresSchema.default(() => restoresSchema.parse({})),
    account: accountSchema.default(() => accountSchema.parse({})),
    prices: pricesSchema.optional(),
    resources: resourcesSchema.optional(),
  })
  .describe('A tierwise scenario');

/** A validated scenario file, defaults filled in. */
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type AgentSection = z.output<typeof agentSchema>;
export type DumpsSection = z.output<typeof dumpsSchema>;
export type FleetSection = z.output<typeof fleetSchema>;
export type BucketSection = z.output<typeof bucketSchema>;
export type RestoresSection = z.output<typeof restoresSchema>;
export type ReplicationSection = z.output<typeof replicationSchema>;
export type AccountSection = z.output<typeof accountSchema>;
export type ProfileSection = z.output<typeof profileSchema>;
export type ResourcesSection = z.output<typeof resourcesSchema>;

/** The JSON Schema of scenario files (what a user writes, so defaults are optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/tierwise/tierwise/schema/scenario-v1.json',
    title: 'tierwise scenario',
  };
}
