/**
 * The database-dump agent's options, resolved from `agent.dumps` (see src/scenario/schema.ts for
 * the defaults). Times are in days, sizes in bytes.
 */
import type { RetentionRules } from '../../retention/rules.js';

export type BetweenFulls = 'differential' | 'incremental' | 'none';

export interface DumpsConfig {
  /** A full dump every this many days. */
  readonly fullEveryDays: number;
  /** What is written on the days between fulls. */
  readonly between: BetweenFulls;
  /** Log backups per day (0: none); they run every 1/logsPerDay of a day. */
  readonly logsPerDay: number;
  /** Log bytes per byte of data changed, before compression. */
  readonly logRatio: number;
  /** Multipart part size, bytes. */
  readonly partBytes: number;
  /** GFS rules over the chains' full times (restic/borg calendar pass), or undefined: lifecycle only. */
  readonly gfs?: RetentionRules;
}
