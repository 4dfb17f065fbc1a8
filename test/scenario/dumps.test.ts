/** The `agent.kind: dumps` section: defaults, and one located error per problem. */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/scenario/resolve.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';

const base = (agent: string, bucket = '') => `version: 1
name: db
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
agent:
${agent}
fleet:
  devices: 2
  profiles:
    - { name: sql, os: linux, share_pct: 100, protected_data: { distribution: fixed, gib: 10 } }
${bucket}`;

function problems(text: string): string[] {
  try {
    resolveScenario(parseScenario(text, 'x.yaml'));
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).lines();
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario: agent.kind dumps', () => {
  it('fills the documented defaults', () => {
    const sc = resolveScenario(parseScenario(base('  kind: dumps'), 'x.yaml'));
    expect(sc.dumps).toEqual({ fullEveryDays: 7, between: 'differential', logsPerDay: 96, logRatio: 1, partBytes: 8 * 2 ** 20 });
  });

  it('leaves Duplicati scenarios without a dumps section', () => {
    expect(resolveScenario(parseScenario(base('  keep_versions: 3'), 'x.yaml')).dumps).toBeUndefined();
  });

  it('compiles a GFS rule', () => {
    const sc = resolveScenario(parseScenario(base('  kind: dumps\n  dumps: { gfs: { keep_weekly: 4, keep_monthly: 12 } }'), 'x.yaml'));
    expect([sc.dumps?.gfs?.keepDaily, sc.dumps?.gfs?.keepWeekly, sc.dumps?.gfs?.keepMonthly]).toEqual([0, 4, 12]);
  });

  it('names the path, the value and what is allowed', () => {
    expect(problems(base('  kind: dumps\n  dumps: { log_every_minutes: 7 }'))).toEqual([
      'x.yaml:7: agent.dumps.log_every_minutes: 7 does not divide a day (1,440 minutes); allowed: a divisor of 1,440 such as 5, 10, 15, 30, 60',
    ]);
    expect(problems(base('  kind: dumps\n  dumps: { part_size_mib: 1 }'))[0]).toMatch(/^x\.yaml:7: agent\.dumps\.part_size_mib: value must be ≥ 5, got 1/);
    expect(problems(base('  kind: dumps\n  dumps: { between: weekly }'))[0]).toMatch(/agent\.dumps\.between: expected one of differential, incremental, none, got 'weekly'/);
    expect(problems(base('  kind: dumps\n  dumps: { gfs: { keep_daily: 0 } }'))[0]).toMatch(/agent\.dumps\.gfs: a GFS rule needs at least one of keep_daily, keep_weekly, keep_monthly above 0/);
    expect(problems(base('  dumps: { full_every_days: 7 }'))[0]).toMatch(/agent\.dumps: agent\.dumps needs kind: dumps/);
    expect(problems(base('  kind: dumps\n  retention_policy: "7D:1D"'))[0]).toMatch(/agent\.retention_policy: retention_policy is a Duplicati option/);
    expect(problems(base('  kind: tapes'))[0]).toMatch(/agent\.kind: expected one of duplicati, dumps, got 'tapes'/);
    expect(problems(base('  kind: dumps', 'bucket: { storage_class: DEEP_ARCHIVE }'))[0]).toMatch(/bucket\.storage_class: dumps are written as multipart uploads, which DEEP_ARCHIVE bills as staging storage/);
  });

  it('is in the published JSON Schema', () => {
    const agent = (scenarioJsonSchema() as { properties: { agent: { properties: Record<string, { properties?: Record<string, unknown> }> } } }).properties.agent;
    expect(Object.keys(agent.properties)).toEqual(expect.arrayContaining(['kind', 'dumps']));
    expect(Object.keys(agent.properties.dumps?.properties ?? {})).toEqual(['full_every_days', 'between', 'log_every_minutes', 'log_ratio', 'part_size_mib', 'gfs']);
  });
});
