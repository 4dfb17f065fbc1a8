/** Process entry: runs the CLI on process.argv and exits with its code. */
import { processIO } from './io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), processIO());
