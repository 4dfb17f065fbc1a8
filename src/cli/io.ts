/**
 * The CLI's window on the world, passed in so commands run the same in a terminal and in tests.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScenarioError } from '../errors.js';

export interface CliIO {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Reads all of standard input (for `--times -`). */
  readonly readStdin: () => Promise<string>;
  readonly cwd: string;
  /** Environment variables (AWS credentials, CI). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: process.cwd(),
    env: process.env,
  };
}

/**
 * Writes `text` to `path` (relative to the working directory), refusing to replace an existing
 * file unless `force`: nothing the user has is overwritten without asking.
 */
export function writeOutputFile(io: CliIO, path: string, text: string, force: boolean, flag = '--out'): string {
  const full = checkOutputFile(io, path, force, flag);
  writeFileSync(full, text);
  return full;
}

/** Refuses an existing `path` unless `force` (checked before long work, so nothing is lost). */
export function checkOutputFile(io: CliIO, path: string, force: boolean, flag = '--out'): string {
  const full = resolve(io.cwd, path);
  if (existsSync(full) && !force) {
    throw ScenarioError.at(`'${path}' already exists; add --force to replace it`, flag, path);
  }
  return full;
}
