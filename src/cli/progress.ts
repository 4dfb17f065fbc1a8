/**
 * A progress bar for reading large files: shown only on a terminal (and not in CI), started on
 * the first report, when the total is known.
 */
import { SingleBar } from 'cli-progress';
import type { CliIO } from './io.js';

export interface ReadingProgress {
  readonly onProgress: (done: number, total: number) => void;
  /** Removes the bar (call in `finally`). */
  readonly stop: () => void;
}

export function readingProgress(io: CliIO, enabled: boolean): ReadingProgress {
  const bar = enabled && io.stderr.isTTY && !io.env.CI ? new SingleBar({ format: 'reading {bar} {percentage}% | {duration_formatted}', hideCursor: true, stream: io.stderr as NodeJS.WritableStream }) : undefined;
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar?.stop();
    },
  };
}
