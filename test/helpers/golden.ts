/**
 * Golden files in test/golden: the text must equal the committed file. `UPDATE_GOLDEN=1` (or a
 * missing file, outside CI) writes it instead — the only way a golden changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

export function golden(name: string, text: string): void {
  const file = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI) throw new Error('golden file missing in CI; run UPDATE_GOLDEN=1 npx vitest run test/golden locally');
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
