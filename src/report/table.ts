/**
 * A small plain-text table: a header, columns padded to their widest cell (numbers aligned
 * right), and optional total rows under a rule. No colours, no box drawing: it pipes and diffs.
 */

export interface Column {
  readonly header: string;
  /** 'right' for numbers and money. */
  readonly align?: 'left' | 'right';
}

export interface TableOptions {
  /** Rows printed under a rule after the body, e.g. monthly and one-time totals. */
  readonly totals?: readonly (readonly string[])[];
}

/** Display width in code points (so "–" and "≥" count as one). */
const width = (s: string) => [...s].length;

function pad(text: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders `rows` under `columns`; missing cells are blank. Ends with a newline. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string {
  const totals = opts.totals ?? [];
  const all = [columns.map((c) => c.header), ...rows, ...totals];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    columns
      .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(columns.map((c) => c.header)), rule, ...rows.map(line)];
  if (totals.length > 0) out.push(rule, ...totals.map(line));
  return `${out.join('\n')}\n`;
}
