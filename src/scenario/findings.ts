/**
 * Findings about how a scenario's options combine: valid, carried out as written, but easy to
 * misread. (Findings about the bucket and the fleet's behaviour live in src/fleet/findings.ts.)
 */
import type { Scenario } from './resolve.js';

/** Retention options given together: Duplicati applies every one of them. */
export function retentionFindings(sc: Scenario): string[] {
  const a = sc.file.agent;
  const given = [
    a.retention_policy !== undefined ? `retention_policy '${a.retention_policy}'` : undefined,
    a.keep_versions !== undefined ? `keep_versions ${a.keep_versions}` : undefined,
    a.keep_time !== undefined ? `keep_time '${a.keep_time}'` : undefined,
  ].filter((x): x is string => x !== undefined);
  if (given.length < 2) return [];
  return [
    `${given.join(' and ')} are all applied: Duplicati deletes a version when any of them deletes it (a version survives only if every one keeps it)` +
      (a.keep_versions !== undefined ? ` (never more than ${a.keep_versions} versions, whatever the others keep)` : ''),
  ];
}
