import { SingleBar, Presets } from 'cli-progress';

/** What a command prints: tables on a terminal, JSON for scripts, progress on stderr. */
export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const warn = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
export const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

export const oneLine = (text: string, max = 50) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export interface Progress {
  tick(done: number, label?: string): void;
  stop(): void;
}

/** A bar on a terminal; plain "label n/total" lines otherwise (logs and CI keep a readable record). */
export function progress(title: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${title} [{bar}] {value}/{total} {label}`, stream, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (done, label = '') => bar.update(done, { label }), stop: () => bar.stop() };
  }
  let last = -1;
  return {
    tick(done, label) {
      if (done === last) return;
      last = done;
      stream.write(`${title} ${done}/${total}${label ? ` ${label}` : ''}\n`);
    },
    stop() {},
  };
}
