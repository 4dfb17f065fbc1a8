/**
 * Where a forecast goes (simulate and replay alike): the report in the chosen format to standard
 * output or --out, and the HTML page to --html. Both files were checked before the run.
 */
import type { Forecast } from '../forecast.js';
import { forecastCsv, forecastJson, forecastTable } from '../report/forecast.js';
import { forecastHtml } from '../report/html.js';
import { writeOutputFile, type CliIO } from './io.js';

export interface ForecastOutputs {
  readonly format: 'table' | 'csv' | 'json';
  readonly out?: string | undefined;
  readonly html?: string | undefined;
  readonly force: boolean;
}

export function writeForecast(io: CliIO, result: Forecast, o: ForecastOutputs): void {
  const text = o.format === 'json' ? `${JSON.stringify(forecastJson(result), null, 2)}\n` : o.format === 'csv' ? forecastCsv(result) : forecastTable(result);
  if (o.html) {
    writeOutputFile(io, o.html, forecastHtml(result), o.force, '--html');
    io.stderr.write(`wrote ${o.html}\n`);
  }
  if (o.out) {
    writeOutputFile(io, o.out, text, o.force);
    io.stderr.write(`wrote ${o.out}\n`);
  } else io.stdout.write(text);
}
