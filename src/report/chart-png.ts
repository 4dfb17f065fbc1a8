/**
 * PNG charts for library users (notebooks, scripts), loaded on first use: png.ts draws with
 * @napi-rs/canvas, a native binary, and `import … from 'tierwise'` should not need it (nor pay
 * for loading it) unless a chart is actually drawn — the CLI loads it the same way.
 */
import type { ChartSpec } from './charts.js';

/** One chart as PNG bytes (1200 × 600, DejaVu Sans, white background), e.g. for `tslab.display.png`. */
export async function chartPng(spec: ChartSpec, opts: { fontFile?: string } = {}): Promise<Buffer> {
  const { renderChartPng } = await import('./png.js');
  return renderChartPng(spec, opts);
}

/** Writes every chart to `<dir>/<id>.png` (creating `dir`) and returns the paths written. */
export async function chartPngFiles(dir: string, charts: readonly ChartSpec[], opts: { fontFile?: string } = {}): Promise<string[]> {
  const { writeChartPngs } = await import('./png.js');
  return writeChartPngs(dir, charts, opts);
}
