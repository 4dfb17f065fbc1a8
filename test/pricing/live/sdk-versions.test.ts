/**
 * The AWS SDK stays on versions that support Node.js 20 (its releases after the first week of
 * January 2027 require Node.js 22): exact pins in package.json, and every SDK package the lockfile
 * installs declares an engines.node range that admits Node.js 20, the oldest tierwise supports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

const pkg = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(`${REPO_ROOT}package-lock.json`, 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };

/** The lowest major a ">=x.y.z" range admits. */
const floorMajor = (range: string) => Number(/^>=\s*(\d+)/.exec(range)?.[1] ?? Number.NaN);

describe('AWS SDK versions', () => {
  it('tierwise supports Node.js 20.19 and later', () => {
    expect(pkg.engines.node).toBe('>=20.19');
  });

  it('pins every @aws-sdk dependency to an exact version, the one the lockfile installs', () => {
    const sdk = Object.entries(pkg.dependencies).filter(([name]) => name.startsWith('@aws-sdk/'));
    expect(sdk.length).toBeGreaterThan(0);
    for (const [name, version] of sdk) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
  });

  it('installs only SDK packages whose engines admit Node.js 20', () => {
    const sdk = Object.entries(lock.packages).filter(([path]) => /node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(path));
    expect(sdk.length).toBeGreaterThan(5);
    const tooNew = sdk.filter(([, p]) => p.engines?.node !== undefined && !(floorMajor(p.engines.node) <= 20)).map(([path, p]) => `${path} ${p.engines?.node}`);
    expect(tooNew).toEqual([]);
  });
});
