/** Plain-text table rendering for the benchmark output. */
export type Cell = string | number | boolean | undefined | null;

export const NA = 'n/a';

export function cell(value: Cell): string {
  if (value === undefined || value === null) return NA;
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  return String(value);
}

export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map(cell));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

export function section(title: string, body: string): string {
  return `\n== ${title} ==\n${body}\n`;
}
