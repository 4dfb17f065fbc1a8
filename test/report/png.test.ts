/**
 * PNG charts: `tierwise report --png` in two separate processes gives the same bytes, at the
 * documented size, with real drawing in them (not a blank white canvas).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../src/report/charts.js';
import { PNG_HEIGHT, PNG_WIDTH, pngFontFile } from '../../src/report/png.js';
import { ScenarioError } from '../../src/errors.js';
import { spawnCli } from '../helpers/cli.js';

const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';

function reportPngs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tierwise-png-'));
  const r = spawnCli(['report', TINY, '--months', '2', '--threads', '1', '--out', join(dir, 'report.html'), '--png', join(dir, 'png')]);
  expect(r.stderr).toContain(`wrote 6 PNG charts to ${join(dir, 'png')}`);
  expect(r.code).toBe(0);
  return join(dir, 'png');
}

/** Pixels that are not white: what the chart actually drew. */
async function inkedPixels(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! < 250 || d[i + 1]! < 250 || d[i + 2]! < 250) n++;
  return n;
}

describe('PNG charts', () => {
  it('every chart as a PNG of the documented size, drawn, and byte-identical on a second run', async () => {
    const a = reportPngs();
    const b = reportPngs();
    // tiny-fleet has no replica and no restore event: those two charts are left out.
    const ids = CHART_IDS.filter((id) => id !== 'stored-tib-by-region' && id !== 'restore-events');
    expect(readdirSync(a).sort()).toEqual(ids.map((id) => `${id}.png`).sort());
    const pixels = PNG_WIDTH * PNG_HEIGHT;
    const seen = new Set<string>();
    for (const id of ids) {
      const bytes = readFileSync(join(a, `${id}.png`));
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([PNG_WIDTH, PNG_HEIGHT]);
      const inked = await inkedPixels(bytes);
      // Axes, labels and data: well above nothing, well below a filled canvas.
      expect(inked, id).toBeGreaterThan(pixels * 0.01);
      expect(inked, id).toBeLessThan(pixels * 0.9);
      // An opaque white background, not transparency (corner pixel).
      const img = await loadImage(bytes);
      const c = createCanvas(1, 1);
      c.getContext('2d').drawImage(img, 0, 0);
      expect([...c.getContext('2d').getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
      expect(readFileSync(join(b, `${id}.png`)).equals(bytes), `${id}.png differs between two runs`).toBe(true);
      seen.add(bytes.toString('base64'));
    }
    expect(seen.size).toBe(ids.length); // six different pictures, not one drawn six times
  });

  it('a missing font file is one clear input error', () => {
    expect(() => pngFontFile('/nonexistent/DejaVuSans.ttf')).toThrow(ScenarioError);
    expect(() => pngFontFile('/nonexistent/DejaVuSans.ttf')).toThrow(/PNG charts need the DejaVu Sans font file.*fonts-dejavu-core/);
  });
});
