/**
 * The notebooks in notebooks/: the committed files are TypeScript notebooks with their outputs,
 * free of errors, importing only the public API; and scripts/notebooks.sh executes every one
 * headlessly (jupyter nbconvert + the tslab kernel) without an error, and fails on a notebook
 * whose cell does not type-check.
 *
 * Executing needs Jupyter on /usr/bin/python3 and `npm ci --prefix notebooks`: without them the
 * execution tests are skipped with a warning on a workstation, and fail in CI (CI=true), where
 * .ci/run installs both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';
import { distIsStale } from './helpers/dist.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const HAVE_JUPYTER = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import nbconvert, nbclient, ipykernel']).status === 0;
const HAVE_TSLAB = existsSync(join(REPO_ROOT, 'notebooks/node_modules/.bin/tslab'));
const RUN = (HAVE_JUPYTER && HAVE_TSLAB) || process.env.CI === 'true';
if (!RUN) {
  const missing = [HAVE_JUPYTER ? '' : `Jupyter on ${PYTHON} (apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel)`, HAVE_TSLAB ? '' : 'the tslab kernel (npm ci --prefix notebooks)'].filter(Boolean);
  console.warn(`warning: executing the notebooks skipped: no ${missing.join(', no ')}; in CI (CI=true) it fails instead`);
}

const NOTEBOOKS = readdirSync(join(REPO_ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Notebook {
  metadata: { kernelspec?: { name: string } };
  cells: { cell_type: string; source: string | string[]; outputs?: Output[] }[];
}
const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join('') : (s ?? ''));

function script(args: string[]) {
  // dist/ is rebuilt only when stale (npm ci built it): another test may be packing it meanwhile.
  const build = distIsStale() ? [] : ['--no-build'];
  return spawnSync('bash', [join(REPO_ROOT, 'scripts/notebooks.sh'), ...build, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PYTHON } });
}

describe('notebooks as committed', () => {
  it('the four studies, each a TypeScript notebook whose code cells all ran: outputs, inline charts, no errors', () => {
    expect(NOTEBOOKS).toEqual(['01-seed-designs.ipynb', '02-sensitivity.ipynb', '03-retention-lifetimes.ipynb', '04-reconciliation.ipynb']);
    for (const name of NOTEBOOKS) {
      const nb = JSON.parse(readFileSync(join(REPO_ROOT, 'notebooks', name), 'utf8')) as Notebook;
      expect(nb.metadata.kernelspec?.name, name).toBe('tslab');
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      const outputs = code.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === 'error' || o.name === 'stderr').map((o) => text(o.text)), name).toEqual([]);
      expect(outputs.filter((o) => o.data?.['image/png']).length, `${name}: inline charts`).toBeGreaterThan(0);
      // Imports: the package, the kernel's display helpers and Node's own modules — never src/ or test/.
      const sources = code.map((c) => text(c.source)).join('\n');
      const imported = [...sources.matchAll(/\bfrom '([^']+)'/g)].map((m) => m[1]!);
      expect(imported.filter((m) => m !== 'tierwise' && m !== 'tslab' && !m.startsWith('node:')), name).toEqual([]);
    }
  });
});

describe.skipIf(!RUN)('scripts/notebooks.sh (jupyter nbconvert --execute, tslab kernel)', () => {
  it('executes every notebook without an error', { timeout: 1_200_000 }, () => {
    const r = script([]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${NOTEBOOKS.length} notebooks executed without errors`);
    for (const name of NOTEBOOKS) expect(r.stdout).toMatch(new RegExp(`^ok +notebooks/${name.replace('.', '\\.')} \\(\\d+ s\\)$`, 'm'));
    expect(r.status).toBe(0);
  });

  it('fails, naming the notebook and the type error, when a cell does not type-check', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-notebook-'));
    const bad = join(dir, 'bad.ipynb');
    const cell = (source: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    writeFileSync(bad, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, cells: [cell("const months: number = 'twelve';")] }));
    const r = script([bad]);
    expect(r.stdout).toContain(`FAILED  ${bad}`);
    expect(r.stdout).toContain("Type 'string' is not assignable to type 'number'");
    expect(r.stdout).toContain('1 of 1 notebooks failed');
    expect(r.status).toBe(1);
  });
});
