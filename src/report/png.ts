/**
 * The charts of charts.ts as PNG files, without a browser: chart.js drawing on @napi-rs/canvas
 * (Skia, shipped as a prebuilt npm package). For slides and CI artifacts.
 *
 * Identical bytes on every run and machine need three things: a font file registered
 * explicitly (system font lookup differs between machines), a fixed size with no
 * devicePixelRatio or responsive resizing, and no animation (a chart drawn mid-animation is a
 * different picture). The background is painted white; a transparent PNG looks broken on dark
 * slides.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import { ScenarioError } from '../errors.js';
import type { ChartSpec } from './charts.js';

export const PNG_WIDTH = 1200;
export const PNG_HEIGHT = 600;
const FONT_FAMILY = 'DejaVu Sans';

/**
 * DejaVu Sans from Debian's fonts-dejavu-core (also on most Linux systems): the font must be a
 * file we name, not whatever the system resolves "sans-serif" to.
 */
export const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];

let ready = false;

/** The font file PNG charts are drawn with; throws (exit 2) when there is none, so callers can check before long work. */
export function pngFontFile(fontFile?: string): string {
  const file = fontFile ?? FONT_CANDIDATES.find((f) => existsSync(f));
  if (!file || !existsSync(file)) {
    throw ScenarioError.at(`PNG charts need the DejaVu Sans font file, looked for ${fontFile ?? FONT_CANDIDATES.join(', ')} (Debian: apt-get install fonts-dejavu-core)`, '--png', fontFile);
  }
  return file;
}

function setUp(fontFile: string | undefined): void {
  if (ready) return;
  const file = pngFontFile(fontFile);
  if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw ScenarioError.at(`cannot load the font file ${file}`, '--png', file);
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  ready = true;
}

const whiteBackground: Plugin = {
  id: 'tierwise-white-background',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** One chart as PNG bytes, `PNG_WIDTH` × `PNG_HEIGHT`. */
export function renderChartPng(spec: ChartSpec, opts: { fontFile?: string } = {}): Buffer {
  setUp(opts.fontFile);
  const canvas = createCanvas(PNG_WIDTH, PNG_HEIGHT);
  // chart.js mutates the configuration it is given; the spec stays as built.
  const config = structuredClone(spec.config) as ChartConfiguration;
  config.options = { ...config.options, responsive: false, animation: false, devicePixelRatio: 1 };
  config.plugins = [...(config.plugins ?? []), whiteBackground];
  // chart.js is typed for DOM canvases; the napi-rs 2D context implements what it draws with.
  const chart = new Chart(canvas.getContext('2d') as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

/** The PNG files `charts` become in `dir`: `<id>.png`. */
export const pngPaths = (dir: string, ids: readonly string[]) => ids.map((id) => join(dir, `${id}.png`));

/** Writes every chart to `<dir>/<id>.png` (creating `dir`) and returns the paths written. */
export function writeChartPngs(dir: string, charts: readonly ChartSpec[], opts: { fontFile?: string } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  return charts.map((c) => {
    const path = join(dir, `${c.id}.png`);
    writeFileSync(path, renderChartPng(c, opts));
    return path;
  });
}
