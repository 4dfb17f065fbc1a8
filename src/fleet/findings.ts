/**
 * What a user must hear about a scenario and its run, in plain words: configurations S3 or
 * Duplicati will not carry out as written, and events of the simulated months (compactions that
 * cannot read archived volumes, failed verifications, restores, retirements).
 */
import { buildPathTable } from '../agent/objects.js';
import { dumpsFindings } from '../agent/dumps/findings.js';
import type { Scenario } from '../scenario/resolve.js';
import { isArchive } from '../storage/classes.js';
import { MAX_LIFECYCLE_RULES, perDeviceRuleCount } from '../storage/lifecycle.js';
import { formatDataSize, formatNumber } from '../report/money.js';
import type { FleetRun } from './simulate.js';

/** Findings about the configuration itself, independent of any month. */
export function scenarioFindings(sc: Scenario): string[] {
  if (sc.dumps) return dumpsFindings(sc);
  const out: string[] = [];
  const b = sc.bucket;
  const devices = sc.fleet?.maxDevices ?? 1;
  const rules = perDeviceRuleCount(b.lifecycle, devices);
  for (const r of b.lifecycle.rules.filter((x) => x.prefix.includes('{device}'))) {
    out.push(
      `lifecycle rule '${r.id}' names each device's folder: S3 needs one rule per device (${formatNumber(devices)} rules, ${formatNumber(rules)} in all)` +
        (rules > MAX_LIFECYCLE_RULES ? `, over S3's limit of ${formatNumber(MAX_LIFECYCLE_RULES)} rules per bucket; an object-size filter selects dblocks in one rule` : ''),
    );
  }
  const paths = buildPathTable(b);
  const dblockPaths = paths.paths.filter((_, k) => paths.kinds[k] === 'dblock');
  if (paths.paths.some((p) => p.current.expireK !== undefined)) {
    out.push('a lifecycle rule expires objects Duplicati still references: restores of older versions (and verification) will fail for them');
  }
  const archived = dblockPaths.some((p) => p.current.steps.some((s) => isArchive(s.storageClass)));
  if (archived && sc.agent.autoCompact) {
    out.push('dblocks reach an archive class while auto-compact is on: Duplicati cannot download them to compact (set no_auto_compact, as Duplicati advises for cold storage, or keep dblocks out of GLACIER/DEEP_ARCHIVE)');
  }
  if (!sc.agent.policy && sc.agent.keepVersions === undefined && sc.agent.keepTime === undefined && !sc.retention.options.calendar) {
    out.push('no retention option is set: Duplicati keeps every version, so stored data only grows');
  }
  return out;
}

/** Something that happened in a simulated month, counted. */
export interface MonthFinding {
  readonly kind: 'compaction-failed' | 'verification-failed' | 'verification-egress' | 'restores' | 'retired' | 'refused-gets';
  /** How much: occurrences, or the quantity named by `unit`. */
  readonly count: number;
  /** What `count` counts ('times' unless said). */
  readonly unit?: string;
  readonly message: string;
}

const n0 = (x: number) => formatNumber(x, { maxDecimals: 0 });

/**
 * Findings of simulated month m (index into the run's months); `verificationGB` is the internet
 * egress of that month's verification downloads.
 */
export function monthFindings(sc: Scenario, run: FleetRun, m: number, verificationGB: number): MonthFinding[] {
  const f = run.findings;
  const out: MonthFinding[] = [];
  const failures = f.compactionFailures[m] ?? 0;
  if (failures > 0) {
    out.push({
      kind: 'compaction-failed',
      count: failures,
      message: `compaction tried to read archived volumes ${n0(failures)} times (${n0(f.archivedGetAttempts[m] ?? 0)} refused GETs, all billed): set no_auto_compact or keep dblocks out of DEEP_ARCHIVE/GLACIER`,
    });
  }
  const verification = f.verificationFailures[m] ?? 0;
  if (verification > 0) {
    const why =
      sc.agent.version === 'legacy'
        ? 'Duplicati before 2.2 does not skip archived objects'
        : 'in an Intelligent-Tiering archive tier; the listing shows INTELLIGENT_TIERING, so Duplicati 2.2 does not skip them';
    out.push({ kind: 'verification-failed', count: verification, message: `verification could not read ${n0(verification)} objects (${why})` });
  }
  if (verificationGB > 0) {
    out.push({
      kind: 'verification-egress',
      count: verificationGB,
      unit: 'GB',
      message: `Duplicati's check after each backup (max(1, 0.1 % of dblocks) samples) downloaded ${formatDataSize(verificationGB)}, billed as internet egress (--backup-test-samples / --no-backend-verification change it)`,
    });
  }
  const restores = f.restores[m] ?? 0;
  if (restores > 0) out.push({ kind: 'restores', count: restores, message: `${n0(restores)} full restores read ${n0(f.restoredGiB[m] ?? 0)} GiB` });
  const retired = f.retired[m] ?? 0;
  if (retired > 0) {
    out.push({
      kind: 'retired',
      count: retired,
      message: `${n0(retired)} devices retired (${sc.fleet?.retiredData === 'delete' ? 'their folders deleted' : 'their folders kept'}) and replaced`,
    });
  }
  return out;
}
