/**
 * Parsing of CLI flag values into typed values, with one clear line per bad value
 * (the flag, the value given and what is allowed) as a ScenarioError → exit code 2.
 */
import { ScenarioError } from '../errors.js';

/** Options (as commander parses them) of every command that writes a priced report. */
export interface ReportOutputFlags {
  prices: string;
  format: string;
  json?: boolean;
  out?: string;
  force?: boolean;
}

/** … and of every command that simulates a fleet to write it. */
export interface FleetRunFlags extends ReportOutputFlags {
  months?: string;
  threads?: string;
  progress: boolean;
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Whether `min` itself is allowed (default true). */
  readonly minInclusive?: boolean;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.minInclusive === false ? '>' : '≥'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/** A finite number obeying `rule`; `flag` names the option in the message. */
export function parseNumberFlag(flag: string, raw: string | number | undefined, rule: NumberRule = {}): number {
  const text = String(raw ?? '').trim();
  const value = text === '' ? NaN : Number(text.replaceAll('_', ''));
  const ok =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.minInclusive === false ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) throw ScenarioError.at(`expected ${describe(rule)}, got '${text}'`, flag, raw);
  return value;
}

/** One of `allowed`, matched regardless of case (`--format CSV`, `--class deep_archive`). */
export function parseEnumFlag<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T {
  const exact = allowed.find((a) => a === raw);
  if (exact !== undefined) return exact;
  const folded = raw === undefined ? [] : allowed.filter((a) => a.toLowerCase() === raw.trim().toLowerCase());
  if (folded.length === 1) return folded[0] as T;
  throw ScenarioError.at(`expected one of ${allowed.join(', ')}, got '${raw ?? ''}'`, flag, raw);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 timestamp (`2026-01-01T02:00:00Z`; a date alone means midnight UTC; no zone means
 * UTC) as epoch seconds. `what` names the flag or the file and line in the message.
 */
export function parseIsoTime(what: string, raw: string): number {
  const text = raw.trim();
  if (!ISO_UTC.test(text)) {
    throw ScenarioError.at(`'${text}' is not an ISO-8601 UTC timestamp (e.g. 2026-01-01T02:00:00Z)`, what, raw);
  }
  const withZone = text.length === 10 ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone);
  if (!Number.isFinite(ms)) throw ScenarioError.at(`'${text}' is not a valid date`, what, raw);
  return ms / 1000;
}

/** Formats epoch seconds as an ISO-8601 UTC timestamp without milliseconds. */
export function formatIsoTime(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().replace('.000Z', 'Z');
}
