/** Process entry: runs the CLI on process.argv and exits with its code. */
import { processIO } from './io.js';
import { main } from './main.js';

// A reader that closes standard output early (`tierwise prices show bundled | head -1`) wants no
// more: stop quietly, as Unix filters do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2), processIO());
