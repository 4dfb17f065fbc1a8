/**
 * The oracle's retention step: a thin adapter over the real retention engine in src/retention/
 * (Duplicati's DeleteHandler.cs rules), so that the oracle and the fleet engine delete the same
 * versions. The oracle has no interrupted backups, so every version is a full one.
 */
import type { AgentOptions } from '../../src/agent/model.js';
import { applyRetention } from '../../src/retention/engine.js';
import { compileRetention } from '../../src/retention/rules.js';

/**
 * Decides which of `count` versions (epoch seconds, ascending) survive a retention run at `now`:
 * writes 1 (keep) or 0 (delete) into `keep` and returns how many were deleted.
 */
export type RetainVersions = (times: Float64Array, count: number, now: number, keep: Uint8Array) => number;

/** The retention function for an agent's options. */
export function createRetention(agent: AgentOptions): RetainVersions {
  const rules = compileRetention({
    policy: agent.policy,
    keepVersions: agent.keepVersions,
    keepTime: agent.keepTime,
    allowFullRemoval: agent.allowFullRemoval,
  });
  return (times, count, now, keep) => applyRetention(rules, times, new Uint8Array(count), count, now, keep);
}
