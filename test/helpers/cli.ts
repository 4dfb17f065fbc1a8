/** Runs the CLI in-process (fast) or as a real process (for exit codes and stdin), capturing output. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `tierwise <args>` inside this process. */
export async function runCli(
  args: readonly string[],
  opts: { stdin?: string; cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.isTTY ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.isTTY ?? false },
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Runs `tierwise <args>` as a child process from the TypeScript sources (through tsx). */
export function spawnCli(args: readonly string[], opts: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${REPO_ROOT}src/cli/run.ts`, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    input: opts.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Like spawnCli, without blocking this process: for a child that talks to a server running in the
 * test process (a fake endpoint on 127.0.0.1), which spawnSync would starve.
 */
export function spawnCliAsync(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}src/cli/run.ts`, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
