/**
 * The `tierwise` command line: one registration per command module, one error policy for all.
 * User errors print one line per problem and exit 2; our own bugs print a stack and exit 70.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_INPUT, EXIT_INTERNAL, InputError, InvariantError } from '../errors.js';
import type { CliIO } from './io.js';
import { COMMANDS } from './commands.js';

export function buildProgram(io: CliIO): Command {
  const program = new Command('tierwise')
    .description(
      'Forecast what a backup fleet costs and stores on Amazon S3: simulated day by day, metered as AWS meters, priced from AWS Price List data.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .version(packageVersion(), '-V, --version', 'print the tierwise version')
    .exitOverride();
  program.addHelpText(
    'after',
    '\nExit codes: 0 success (also when the reader of standard output closes it early, as `| head` does),\n' +
      '2 bad input (flags, scenario files, output paths, price data), 70 internal error (a bug: please report it).',
  );
  for (const register of COMMANDS) register(program, io);
  return program;
}

/** The version in package.json (src/cli and dist/cli are both two levels below it). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIO): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message (help, version or a usage error).
    return err.exitCode === 0 ? 0 : EXIT_INPUT;
  }
  if (err instanceof InputError) {
    for (const line of err.lines()) io.stderr.write(`error: ${line}\n`);
    return EXIT_INPUT;
  }
  if (err instanceof InvariantError) {
    io.stderr.write(`${err.stack ?? err.message}\nThis is a bug in tierwise; please report it.\n`);
    return EXIT_INTERNAL;
  }
  const e = err as Error;
  io.stderr.write(`${e?.stack ?? String(err)}\nThis is a bug in tierwise; please report it.\n`);
  return EXIT_INTERNAL;
}
