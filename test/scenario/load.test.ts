import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/errors.js';

const GOOD = `version: 1
name: test
horizon:
  start_month: 2027-01
  months: 12
region: us-east-1
agent:
  retention_policy: "7D:1D,4W:1W,12M:1M"
`;

function problems(text: string): string[] {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).lines();
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario loading', () => {
  it('accepts a valid file and fills defaults', () => {
    const s = parseScenario(GOOD);
    expect(s.seed).toBe(1);
    expect(s.agent.dblock_size_mib).toBe(50);
    expect(s.agent.auto_compact).toBe(true);
    expect(s.agent.retention_policy).toBe('7D:1D,4W:1W,12M:1M');
  });

  it('reports a bad retention unit with path, line, value and allowed units', () => {
    const lines = problems(GOOD.replace('7D:1D,4W', '7d:1D,4W'));
    expect(lines).toEqual([
      "x.yaml:8: agent.retention_policy: unknown unit 'd' in '7d:1D,4W:1W,12M:1M' (units: s m h D W M Y)",
    ]);
  });

  it('reports every problem at once, one line each', () => {
    const text = `version: 2
name: ""
horizon:
  start_month: 2027-13
  months: 0
region: mars-1
seed: -1
agent:
  dblock_size_mib: fifty
  typo_key: 1
`;
    const lines = problems(text);
    expect(lines).toHaveLength(8);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "x.yaml:1: version: expected 1, got 2
      x.yaml:2: name: length must be ≥ 1, got ''
      x.yaml:4: horizon.start_month: expected a month as YYYY-MM (e.g. 2027-01), got '2027-13'
      x.yaml:5: horizon.months: value must be ≥ 1, got 0
      x.yaml:6: region: expected one of us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, eu-west-1, eu-central-1, eu-west-2, eu-west-3, eu-north-1, ap-southeast-1, ap-southeast-2, ap-south-1, ap-south-2, ap-northeast-1, sa-east-1, got 'mars-1'
      x.yaml:7: seed: value must be ≥ 0, got -1
      x.yaml:9: agent.dblock_size_mib: expected a number, got 'fifty'
      x.yaml:10: agent.typo_key: unknown key 'typo_key' (allowed here: kind, dumps, version, retention_policy, keep_versions, keep_time, calendar_retention, allow_full_removal, dblock_size_mib, block_size_kib, auto_compact, compact_threshold_pct, small_file_size_mib, small_file_max_count, backup_test_samples, backup_test_percentage_pct, backend_verification)"
    `);
  });

  it('reports a missing required key at its parent', () => {
    expect(problems(GOOD.replace('  months: 12\n', ''))).toEqual(['x.yaml:3: horizon.months: is required (a number)']);
  });

  it('reports YAML syntax errors with their line', () => {
    const lines = problems('version: 1\nname: [unclosed\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^x\.yaml:\d+: YAML syntax: /);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problems('- 1\n- 2\n')).toEqual(['x.yaml: a scenario file must be a YAML mapping (key: value lines)']);
  });

  it('refuses to mix calendar retention with Duplicati retention', () => {
    const lines = problems(`${GOOD}  calendar_retention:\n    keep_daily: 7\n`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('agent.calendar_retention: calendar_retention cannot be combined');
  });
});
