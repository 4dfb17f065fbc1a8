import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** Whether a file under src/ changed after dist/ was last built (tsc rewrites every output). */
export function distIsStale(): boolean {
  const built = statSync(join(REPO_ROOT, 'dist/index.js'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return true;
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  return newest(join(REPO_ROOT, 'src')) > built;
}
