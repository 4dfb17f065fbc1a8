/** What a user must hear about a dump agent's configuration (the Duplicati ones do not apply). */
import type { Scenario } from '../../scenario/resolve.js';
import { buildDumpPathTable, DUMP_KINDS } from './objects.js';

export function dumpsFindings(sc: Scenario): string[] {
  const cfg = sc.dumps;
  if (!cfg) return [];
  const out: string[] = [];
  const paths = buildDumpPathTable(sc.bucket);
  const expiring = paths.paths.filter((p) => p.current.expireK !== undefined);
  if (!cfg.gfs && expiring.length === 0) out.push('no GFS rule and no lifecycle expiration: every dump is kept, so stored data only grows');
  const bands = paths.paths.length / DUMP_KINDS.length;
  const fullExpiry = paths.paths.slice(0, bands).map((p) => p.current.expireK ?? Infinity);
  const logExpiry = paths.paths.slice(3 * bands).map((p) => p.current.expireK ?? Infinity);
  if (Math.min(...fullExpiry) < cfg.fullEveryDays) {
    out.push(`a lifecycle rule expires full dumps before the next full (every ${cfg.fullEveryDays} days): the newest chain cannot always be restored`);
  }
  if (cfg.logsPerDay > 0 && Math.max(...logExpiry) > Math.max(...fullExpiry)) {
    out.push('log backups are kept longer than the fulls they follow: they cannot be replayed without their full');
  }
  return out;
}
