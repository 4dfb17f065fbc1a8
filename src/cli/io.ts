/**
 * The CLI's window on the world, passed in so commands run the same in a terminal and in tests.
 */
import { accessSync, constants, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
  try {
    writeFileSync(full, text);
  } catch (e) {
    // Checked beforehand, but the folder can change meanwhile: still one line, not a stack.
    throw ScenarioError.at(`cannot write '${path}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, flag, path);
  }
  return full;
}

/**
 * Refuses, before any long work, an output path that could not be written: a missing folder, a
 * folder instead of a file, a folder we may not write into, or an existing file without `force`.
 */
export function checkOutputFile(io: CliIO, path: string, force: boolean, flag = '--out'): string {
  const full = resolve(io.cwd, path);
  const refuse = (why: string) => ScenarioError.at(why, flag, path);
  const target = statOrUndefined(full);
  if (target?.isDirectory()) throw refuse(`'${path}' is a folder; give a file name (e.g. ${join(path, 'report.txt')})`);
  const dir = dirname(full);
  const parent = statOrUndefined(dir);
  if (!parent) throw refuse(`the folder '${dirname(path)}' does not exist; create it first`);
  if (!parent.isDirectory()) throw refuse(`'${dirname(path)}' is not a folder`);
  if (target && !force) throw refuse(`'${path}' already exists; add --force to replace it`);
  try {
    accessSync(target ? full : dir, constants.W_OK);
  } catch {
    throw refuse(target ? `'${path}' is not writable` : `the folder '${dirname(path)}' is not writable`);
  }
  return full;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
