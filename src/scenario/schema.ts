/**
 * The scenario file schema (`version: 1`). Units live in key names (`_gib`, `_days`, `_pct`,
 * `_mib`). Validation happens once, at load; the engine trusts what comes out.
 * Published as JSON Schema by `tierwise schema` so editors can autocomplete.
 */
import { z } from 'zod';
import { parseDuration, parseRetentionPolicy, PolicySyntaxError } from '../retention/policy.js';
import { REGION_CODES } from '../usage/regions.js';
import { parseMonthKey } from '../units.js';

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
  .refine((s) => parseMonthKey(s) !== undefined, { message: 'expected a month as YYYY-MM (e.g. 2027-01)' });

const pct = (what: string) => z.number().min(0).max(100).describe(`${what}, percent (0–100)`);

export const calendarRetentionSchema = z
  .strictObject({
    style: z.enum(['restic', 'borg']).default('restic').describe('restic lets one snapshot count for several rules; borg does not'),
    keep_daily: z.int().min(0).default(0),
    keep_weekly: z.int().min(0).default(0),
    keep_monthly: z.int().min(0).default(0),
  })
  .describe('Calendar GFS retention in the restic/borg style (keep the newest per day / ISO week / month), for comparison');

export const agentSchema = z
  .strictObject({
    version: z
      .enum(['current', 'legacy'])
      .default('current')
      .describe('Duplicati behaviour: current (2.2.x: fixed 30-day months, archived objects skipped by verification) or legacy (≤ 2.1.0.5: calendar months, 100 KiB blocks, verification GETs archived objects)'),
    retention_policy: retentionPolicyText.optional(),
    keep_versions: z.int().min(1).optional().describe('Duplicati --keep-versions: keep the newest N full backups'),
    keep_time: durationText.optional().describe('Duplicati --keep-time: delete versions older than this'),
    calendar_retention: calendarRetentionSchema.optional(),
    allow_full_removal: z.boolean().default(false).describe('Duplicati --allow-full-removal: let retention delete the newest version too'),
    dblock_size_mib: z.number().gt(0).max(4096).default(50).describe('Duplicati --dblock-size (MiB)'),
    block_size_kib: z.number().gt(0).max(65536).optional().describe('Duplicati --blocksize (KiB); default 1024, or 100 for legacy'),
    auto_compact: z.boolean().default(true).describe('false = Duplicati --no-auto-compact'),
    compact_threshold_pct: pct('Duplicati --threshold').default(25),
    small_file_size_mib: z.number().gt(0).optional().describe('Duplicati --small-file-size (MiB); default dblock size / 5'),
    small_file_max_count: z.int().min(0).default(20).describe('Duplicati --small-file-max-count'),
    backup_test_samples: z.int().min(0).default(1).describe('Duplicati --backup-test-samples'),
    backup_test_percentage_pct: pct('Duplicati --backup-test-percentage').default(0.1),
    backend_verification: z.boolean().default(true).describe('false = Duplicati --no-backend-verification (no LISTs, no samples)'),
  })
  .superRefine((a, ctx) => {
    if (a.calendar_retention && (a.retention_policy || a.keep_versions || a.keep_time)) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendar_retention'],
        message: 'calendar_retention cannot be combined with retention_policy, keep_versions or keep_time (choose one model)',
      });
    }
  })
  .describe('The backup agent (Duplicati) and its options');

export const scenarioSchema = z
  .strictObject({
    version: z.literal(1).describe('Scenario file format version'),
    name: z.string().min(1).describe('Short name shown in reports'),
    description: z.string().optional(),
    horizon: z
      .strictObject({
        start_month: monthText.describe('First simulated month, YYYY-MM'),
        months: z.int().min(1).max(240).describe('Number of months to simulate'),
      })
      .describe('What period to simulate'),
    region: z.enum(REGION_CODES as [string, ...string[]]).describe('AWS region of the bucket'),
    seed: z.int().min(0).default(1).describe('Seed of the random generator: same seed, same report'),
    agent: agentSchema.default(() => agentSchema.parse({})),
  })
  .describe('A tierwise scenario');

/** A validated scenario file, defaults filled in. */
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type AgentSection = z.output<typeof agentSchema>;

/** The JSON Schema of scenario files (what a user writes, so defaults are optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/tierwise/tierwise/schema/scenario-v1.json',
    title: 'tierwise scenario',
  };
}
